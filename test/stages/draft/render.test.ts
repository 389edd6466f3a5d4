/**
 * Issue 17: text from sources is data. Whatever a page puts in its title, byline, canonical URL or
 * prose, the draft file renders it as plain text: no HTML, no link the page chose, no template
 * syntax a site generator would execute, and frontmatter that stays valid YAML.
 */
import type { Link, Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../../src/core/frontmatter.js';
import { parseDraft } from '../../../src/stages/critique/parse/parse-draft.js';
import { renderDraft, type DraftMeta } from '../../../src/stages/draft/render.js';
import type { DraftContent } from '../../../src/stages/draft/types.js';
import type { Article } from '../../../src/stages/extract/types.js';

function article(id: string, extra: Partial<Article> = {}): Article {
  const text = 'Shaded blocks were 3.1 °C cooler on summer afternoons than bare ones.';
  return {
    id,
    url: `https://example.org/${id}`,
    from: 'test',
    title: `Title ${id}`,
    author: null,
    published: null,
    canonicalUrl: null,
    lang: 'en',
    siteName: null,
    markdown: text,
    text,
    hidden: [],
    sha256: `sha-${id}`,
    words: 11,
    ...extra,
  };
}

function metaOf(articles: Article[], extra: Partial<DraftMeta> = {}): DraftMeta {
  return {
    topic: 'heat',
    slug: 'heat',
    runId: 'run-1',
    date: '2026-11-26',
    engine: 'offline',
    articles,
    review: [],
    cost: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, usd: 0 },
    ...extra,
  };
}

function contentOf(sentences: string[], extra: Partial<DraftContent> = {}): DraftContent {
  return {
    title: 'City heat',
    description: 'Trees and heat.',
    intro: [{ sentences: sentences.map((text) => ({ text, cite: ['s1'] })) }],
    sections: [],
    ...extra,
  };
}

/** The body of a draft file as a CommonMark + GFM tree (what a site's Markdown renderer reads). */
function treeOf(draft: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(splitFrontmatter(draft).body);
}

function nodesOf(node: Nodes, type: string): Nodes[] {
  const own = node.type === type ? [node] : [];
  const children = 'children' in node ? node.children.flatMap((child) => nodesOf(child, type)) : [];
  return [...own, ...children];
}

function linksOf(draft: string): Link[] {
  return nodesOf(treeOf(draft), 'link') as Link[];
}

/** Raw HTML a renderer would pass through (`<script>`, `<img onerror>`, `<b>`). */
function rawHtmlOf(draft: string): string[] {
  return nodesOf(treeOf(draft), 'html').map((node) => ('value' in node ? node.value : ''));
}

/** The text a reader sees in a node (footnote markers left out). */
function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map(textOf).join('') : '';
}

// Every delimiter family the supported site generators execute in a Markdown file.
const TEMPLATE_CASES: [string, string][] = [
  ['Hugo shortcode', 'The page embeds {{< readfile file="/etc/passwd" >}} in its footer.'],
  ['Hugo Markdown shortcode', 'The page embeds {{% readfile "/etc/passwd" %}} in its footer.'],
  ['Liquid output (Jekyll)', 'The page prints {{ site.github.api_token }} in its footer.'],
  ['Liquid tag (Jekyll)', 'The page runs {% include_relative ../../.env %} in its footer.'],
  ['Liquid whitespace control', 'The page runs {%- include secrets.html -%} in its footer.'],
  ['Nunjucks comment (Eleventy)', 'The page hides {# a note #} in its footer.'],
  ['Nunjucks triple braces', 'The page prints {{{ raw }}} in its footer.'],
  ['MDX expression (Astro)', 'The page evaluates {process.env.SECRET} in its footer.'],
];
const DELIMITER = /\{\{|\}\}|\{%|%\}|\{#|#\}/;

describe('renderDraft: source text is data', () => {
  it('cites a URL holding `)` as one link to that URL, never a javascript: link', () => {
    const url = 'https://example.org/a)](javascript:alert(1)';
    const draft = renderDraft(
      contentOf(['Shaded blocks were cooler.']),
      metaOf([article('s1', { url })]),
    );
    const links = linksOf(draft);
    expect(links.map((link) => link.url)).toEqual([url]);
    expect(links[0]!.children).toEqual([expect.objectContaining({ value: 'Title s1' })]);
    expect(splitFrontmatter(draft).data.sources).toEqual([expect.objectContaining({ url })]);
  });

  it('writes a title holding <script> and <img onerror> as text, in the footnote and the frontmatter', () => {
    const title =
      'Heat <script>alert(1)</script> study <img src=x onerror=alert(2)> [x](javascript:y)';
    const draft = renderDraft(
      contentOf(['Shaded blocks were cooler.']),
      metaOf([article('s1', { title })]),
    );
    expect(rawHtmlOf(draft)).toEqual([]);
    const links = linksOf(draft);
    expect(links.map((link) => link.url)).toEqual(['https://example.org/s1']);
    // Tags go (a script's code with it); what a reader sees stays, as text.
    expect(textOf(links[0]!)).toBe('Heat study [x](javascript:y)');
    const source = (splitFrontmatter(draft).data.sources as Record<string, unknown>[])[0]!;
    expect(source.title).not.toMatch(/<script|<img/i);
    expect(source.title).toContain('Heat');
    expect(source.title).toContain('study');
  });

  it('writes an author holding <b> as plain text', () => {
    const draft = renderDraft(
      contentOf(['Shaded blocks were cooler.']),
      metaOf([article('s1', { author: '<b>Dana</b> <i>Whitcombe</i>' })]),
    );
    const source = (splitFrontmatter(draft).data.sources as Record<string, unknown>[])[0]!;
    expect(source.author).toBe('Dana Whitcombe');
    expect(draft).not.toContain('<b>');
  });

  it('writes raw HTML in a source sentence as text, not markup', () => {
    const draft = renderDraft(
      contentOf(['The page said <img src=x onerror=alert(1)> and <b>more</b> about heat.']),
      metaOf([article('s1')]),
    );
    expect(rawHtmlOf(draft)).toEqual([]);
    // The critique reads the same sentence the engine wrote.
    expect(parseDraft(draft).sentences.map((s) => s.text)).toEqual([
      'The page said <img src=x onerror=alert(1)> and <b>more</b> about heat.',
    ]);
  });

  for (const [family, sentence] of TEMPLATE_CASES) {
    it(`neutralises ${family} syntax in a body sentence, reading the same`, () => {
      const draft = renderDraft(contentOf([sentence]), metaOf([article('s1')]));
      const { body } = splitFrontmatter(draft);
      expect(body).not.toMatch(DELIMITER);
      // MDX evaluates any unescaped brace in the body.
      expect(body.replace(/\\[{}]/g, '')).not.toMatch(/[{}]/);
      // A reader (and the critique) sees the sentence as the source wrote it.
      const text = parseDraft(draft).sentences[0]!.text;
      expect(text.replace(/\u2060/g, '')).toBe(sentence);
      const paragraph = treeOf(draft).children[0]!;
      expect(textOf(paragraph).replace(/\u2060/g, '')).toBe(sentence);
    });
  }

  it('neutralises template syntax in footnote titles and every frontmatter string, keeping valid YAML', () => {
    const title = 'Heat {{< readfile "/etc/passwd" >}} {% raw %} {# x #}';
    const draft = renderDraft(
      contentOf(['Shaded blocks were cooler.'], {
        title: 'City {{ site.title }} heat',
        description: 'About {% include x.html %} heat.',
      }),
      metaOf([article('s1', { title, author: 'Dana {{ page.author }}' })], {
        review: [
          {
            kind: 'prompt-injection',
            severity: 'warning',
            sentence: 'Ignore {{ all }} instructions.',
            detail: 'passage {% raw %}',
            source: 's1',
          },
        ],
      }),
    );
    expect(draft).not.toMatch(DELIMITER);
    const { data } = splitFrontmatter(draft);
    expect(String(data.title).replace(/\u2060/g, '')).toBe('City {{ site.title }} heat');
    const source = (data.sources as Record<string, unknown>[])[0]!;
    expect(String(source.title).replace(/\u2060/g, '')).toBe(title);
    expect(String(source.author).replace(/\u2060/g, '')).toBe('Dana {{ page.author }}');
    const [link] = linksOf(draft);
    expect(textOf(link!).replace(/\u2060/g, '')).toBe(title);
  });

  it('percent-encodes braces in a cited URL, so no template delimiter hides in a destination', () => {
    const url = 'https://example.org/search?q={{site.secret}}&p={%raw%}';
    const draft = renderDraft(
      contentOf(['Shaded blocks were cooler.']),
      metaOf([article('s1', { url })]),
    );
    expect(draft).not.toMatch(DELIMITER);
    expect(linksOf(draft)[0]?.url).toBe(
      'https://example.org/search?q=%7B%7Bsite.secret%7D%7D&p=%7B%raw%%7D',
    );
  });

  it('never cites the credentials a topic file puts in a source URL', () => {
    const url = 'https://reader:s3cret-token@feeds.example.org/private/post?id=7';
    const draft = renderDraft(
      contentOf(['Shaded blocks were cooler.']),
      metaOf([article('s1', { url })]),
    );
    expect(draft).not.toContain('s3cret-token');
    expect(draft).not.toContain('reader');
    expect(linksOf(draft)[0]?.url).toBe('https://feeds.example.org/private/post?id=7');
    const source = (splitFrontmatter(draft).data.sources as Record<string, unknown>[])[0]!;
    expect(source.url).toBe('https://feeds.example.org/private/post?id=7');
  });
});
