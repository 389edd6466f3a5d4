import type { Generator } from '../core/config.js';

/**
 * What `init` writes for one site generator: the project config's settings, and how pending and
 * rejected drafts are kept out of the generator's default build.
 */
export interface Preset {
  generator: Generator;
  /** The `.research-draft.yaml` settings (YAML lines, commented). */
  config: string;
  /** Folders `init` creates (relative to the site root). */
  folders: string[];
  /** Lines for an ignore file of the generator (e.g. `.eleventyignore`), when it has one. */
  ignore?: { file: string; lines: string[] };
  /** Entries for a list in the generator's YAML config (Jekyll's `exclude` in `_config.yml`). */
  configList?: { file: string; key: string; entries: string[] };
  /** Node major version the site's workflows need (Astro 5+ needs 22 or later). */
  nodeVersion: number;
  /** One line for the README and `init`'s output: why the generator never builds a pending draft. */
  whyUnpublished: string;
}

// Pending and rejected drafts stay outside the folders a generator builds: that holds for every
// build, preview or deploy, with no flag or filter to forget.
const OUTSIDE = ['drafts/pending', 'drafts/rejected'];

/** The presets, by generator. */
export const PRESETS: Record<Generator, Preset> = {
  hugo: {
    generator: 'hugo',
    config: [
      'generator: hugo',
      '# Published posts: Hugo builds content/. Pending and rejected drafts live outside it.',
      'published: [content/posts]',
      'pending: drafts/pending',
      'rejected: drafts/rejected',
      '# Everything under content/ is read as corpus (page bundles, .md and .markdown, TOML or YAML).',
      'corpus: [content]',
      "fileName: '{slug}.md'",
      'frontmatter:',
      '  dateField: date',
      '  keep: [title, date, description, slug]',
      '  sources: bibliography',
    ].join('\n'),
    folders: OUTSIDE,
    nodeVersion: 22,
    whyUnpublished: 'Hugo builds content/ only: drafts/pending and drafts/rejected are never built',
  },
  jekyll: {
    generator: 'jekyll',
    config: [
      'generator: jekyll',
      '# Jekyll builds _posts/; _drafts/ only with --drafts; dot folders never.',
      'published: [_posts]',
      'pending: _drafts',
      'rejected: .rejected',
      'corpus: []',
      "fileName: '{date}-{slug}.md'",
      'frontmatter:',
      '  dateField: date',
      '  keep: [title, date, description]',
      '  sources: bibliography',
    ].join('\n'),
    folders: ['_posts', '_drafts', '.rejected'],
    // Jekyll copies every other file of the site into _site/: the pipeline's own files stay out.
    configList: {
      file: '_config.yml',
      key: 'exclude',
      entries: ['pipelines/', 'scripts/', 'package.json', 'package-lock.json'],
    },
    nodeVersion: 22,
    whyUnpublished:
      'Jekyll builds _drafts/ only with --drafts, and never a dot folder such as .rejected/',
  },
  astro: {
    generator: 'astro',
    config: [
      'generator: astro',
      '# The blog collection of the starter; pending and rejected drafts live outside src/.',
      'published: [src/content/blog]',
      'pending: drafts/pending',
      'rejected: drafts/rejected',
      'corpus: []',
      "fileName: '{slug}.md'",
      'frontmatter:',
      '  # The starter schema: pubDate: z.coerce.date(); a strict schema refuses other fields.',
      '  dateField: pubDate',
      '  keep: [title, description, pubDate]',
      '  sources: bibliography',
    ].join('\n'),
    folders: OUTSIDE,
    nodeVersion: 22,
    whyUnpublished:
      'Astro loads collections from src/content/: drafts/pending and drafts/rejected are outside every glob',
  },
  eleventy: {
    generator: 'eleventy',
    config: [
      'generator: eleventy',
      '# The base blog keeps posts in content/blog; drafts are listed in .eleventyignore.',
      'published: [content/blog]',
      'pending: drafts/pending',
      'rejected: drafts/rejected',
      'corpus: [content]',
      "fileName: '{slug}.md'",
      'frontmatter:',
      '  dateField: date',
      '  keep: [title, description, date, tags]',
      '  sources: bibliography',
    ].join('\n'),
    folders: OUTSIDE,
    // Eleventy's default input is the whole site: without pipelines/ here, the example topic's
    // source pages (.html, templates to Eleventy) would be built into _site/pipelines/.
    ignore: { file: '.eleventyignore', lines: ['drafts/', '.pipeline/', 'pipelines/'] },
    nodeVersion: 22,
    whyUnpublished:
      "Eleventy skips what .eleventyignore lists: drafts/, .pipeline/ and the topics' pipelines/",
  },
  plain: {
    generator: 'plain',
    config: [
      'generator: plain',
      'published: [content/posts]',
      'pending: content/pending',
      'rejected: content/.rejected',
      'corpus: [content]',
      "fileName: '{slug}.md'",
    ].join('\n'),
    folders: ['content/posts', 'content/pending', 'content/.rejected'],
    nodeVersion: 22,
    whyUnpublished: 'no generator: content/pending is only what you publish yourself',
  },
};
