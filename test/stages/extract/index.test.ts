import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FetchedDocument } from '../../../src/stages/fetch/types.js';
import { extract, wordCountOf } from '../../../src/stages/extract/index.js';
import { testContext } from '../../helpers/context.js';
import { fixture } from './fixtures.js';

function documentOf(overrides: Partial<FetchedDocument>): FetchedDocument {
  return {
    id: 's1',
    url: 'https://news.example/a',
    finalUrl: 'https://news.example/a',
    from: 'https://news.example/feed.xml',
    title: null,
    published: null,
    author: null,
    contentType: 'text/html; charset=utf-8',
    body: '',
    ...overrides,
  };
}

describe('extract stage', () => {
  it('records a page past a bound as a failure naming the bound, and extracts the others', () => {
    const deep = `<html><body>${'<div>'.repeat(2_000)}<p>Deep.</p>${'</div>'.repeat(2_000)}</body></html>`;
    const output = extract(
      {
        documents: [
          documentOf({ id: 's1', finalUrl: 'https://news.example/deep', body: deep }),
          documentOf({ id: 's2', body: fixture('jsonld-only.html') }),
        ],
      },
      testContext(),
      { maxElements: 1_000 },
    );
    expect(output.articles.map((article) => article.id)).toEqual(['s2']);
    expect(output.failures).toEqual([
      {
        id: 's1',
        url: 'https://news.example/deep',
        reason:
          'extract https://news.example/deep: the page is past the element bound: 2003 start tags > maxElements 1000',
      },
    ]);
  });

  it('turns an HTML document into an article: canonical URL, sha256 of the Markdown, word count', () => {
    const output = extract(
      {
        documents: [
          documentOf({
            body: fixture('jsonld-only.html'),
            finalUrl: 'https://amp.gazette.example.com/tide-gauges',
          }),
        ],
      },
      testContext(),
    );
    expect(output.failures).toEqual([]);
    const [article] = output.articles;
    expect(article).toMatchObject({
      id: 's1',
      url: 'https://gazette.example.com/news/tide-gauges',
      from: 'https://news.example/feed.xml',
      title: 'Tide gauges show the harbour rising faster',
    });
    expect(article!.sha256).toBe(createHash('sha256').update(article!.markdown).digest('hex'));
    expect(article!.words).toBe(wordCountOf(article!.text));
    expect(article!.words).toBeGreaterThan(80);
  });

  it('uses the final URL when the page has no canonical URL, and the feed metadata when the page has none', () => {
    const body =
      '<html><body><article><p>The river cleanup removed two tonnes of rubbish on Saturday, the organisers said, and volunteers will return next year.</p></article></body></html>';
    const output = extract(
      {
        documents: [
          documentOf({
            body,
            finalUrl: 'https://news.example/a?x=1',
            title: 'Feed title',
            published: '2024-01-02T00:00:00Z',
            author: 'Feed Author',
          }),
        ],
      },
      testContext(),
    );
    expect(output.articles[0]).toMatchObject({
      url: 'https://news.example/a?x=1',
      title: 'Feed title',
      published: '2024-01-02T00:00:00Z',
      author: 'Feed Author',
    });
  });

  it('prefers the page metadata over the feed metadata', () => {
    const output = extract(
      {
        documents: [
          documentOf({
            body: fixture('opengraph-only.html'),
            title: 'Feed title',
            author: 'Feed Author',
          }),
        ],
      },
      testContext(),
    );
    expect(output.articles[0]).toMatchObject({
      title: 'Night trains return to the Alps',
      author: 'Lena Fischer',
    });
  });

  it('sniffs HTML served without a useful content type', () => {
    const output = extract(
      {
        documents: [
          documentOf({
            contentType: 'application/octet-stream',
            body: fixture('byline-only.html'),
          }),
        ],
      },
      testContext(),
    );
    expect(output.articles[0]?.author).toBe('Marie Curie');
  });

  it('takes Markdown and plain-text files as they are, the first # heading as title', () => {
    const markdown =
      '---\nauthor: Kim\n---\n\n# Local note\n\nSome **notes** with a [link](https://x.example).\n\n- one\n- two\n';
    const output = extract(
      {
        documents: [
          documentOf({
            id: 's1',
            contentType: 'text/markdown',
            url: 'file:///n.md',
            finalUrl: 'file:///n.md',
            body: markdown,
          }),
          documentOf({
            id: 's2',
            contentType: 'text/plain',
            url: 'file:///n.txt',
            finalUrl: 'file:///n.txt',
            body: '# Plain\n\nJust text.\n',
          }),
        ],
      },
      testContext(),
    );
    expect(output.failures).toEqual([]);
    expect(output.articles[0]).toMatchObject({
      title: 'Local note',
      author: 'Kim',
      url: 'file:///n.md',
    });
    expect(output.articles[0]!.markdown).toBe(
      '# Local note\n\nSome **notes** with a [link](https://x.example).\n\n- one\n- two',
    );
    expect(output.articles[0]!.text).toBe('Local note\n\nSome notes with a link.\n\none\n\ntwo');
    expect(output.articles[1]).toMatchObject({
      title: 'Plain',
      markdown: '# Plain\n\nJust text.',
      text: '# Plain\n\nJust text.',
    });
  });

  it('records failures with their reason and goes on with the other documents', () => {
    const output = extract(
      {
        documents: [
          documentOf({
            id: 's1',
            body: fixture('no-article.html'),
            finalUrl: 'https://shop.example/',
          }),
          documentOf({
            id: 's2',
            contentType: 'application/pdf',
            body: '%PDF-1.7 \u0000\u0001',
            finalUrl: 'https://x.example/a.pdf',
          }),
          documentOf({ id: 's3', body: fixture('boilerplate.html') }),
        ],
      },
      testContext(),
    );
    expect(output.articles.map((article) => article.id)).toEqual(['s3']);
    expect(output.failures).toEqual([
      {
        id: 's1',
        url: 'https://shop.example/',
        reason: expect.stringMatching(
          /^extract https:\/\/shop\.example\/: no article content found: /,
        ) as unknown,
      },
      {
        id: 's2',
        url: 'https://x.example/a.pdf',
        reason: expect.stringContaining(
          'content type application/pdf is neither HTML, Markdown nor plain text',
        ) as unknown,
      },
    ]);
  });

  it('cites the URL it fetched when the canonical names another site (issue 17)', () => {
    const body = `<html><head><link rel="canonical" href="https://www.reuters.com/world/heat-study">
      <meta property="og:url" content="https://www.reuters.com/world/heat-study"></head>
      <body><article><p>${PROSE}</p></article></body></html>`;
    const output = extract(
      { documents: [documentOf({ body, finalUrl: 'http://127.0.0.1:8080/heat' })] },
      testContext(),
    );
    expect(output.articles[0]).toMatchObject({
      url: 'http://127.0.0.1:8080/heat',
      canonicalUrl: null,
    });
  });

  it('keeps title and author as plain text, however the page marks them up (issue 17)', () => {
    const body = `<html><head>
      <meta property="og:title" content="Heat &lt;script&gt;alert(1)&lt;/script&gt;study &lt;img src=x onerror=alert(2)&gt;">
      <meta name="author" content="&lt;b&gt;Dana&lt;/b&gt; Whitcombe"></head>
      <body><article><p>${PROSE}</p></article></body></html>`;
    const output = extract({ documents: [documentOf({ body })] }, testContext());
    expect(output.articles[0]).toMatchObject({ title: 'Heat study', author: 'Dana Whitcombe' });
    // The feed's values are sources' text too.
    const plain = extract(
      {
        documents: [
          documentOf({
            body: `<html><body><article><p>${PROSE}</p></article></body></html>`,
            title: '<i>Feed</i> title',
            author: '<b>Feed Author</b>',
          }),
        ],
      },
      testContext(),
    );
    expect(plain.articles[0]).toMatchObject({ title: 'Feed title', author: 'Feed Author' });
  });
});

const PROSE =
  'The river cleanup removed two tonnes of rubbish on Saturday, the organisers said, and volunteers will return next year.';
