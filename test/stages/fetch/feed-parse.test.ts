import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument, NotAFeedError } from '../../../src/stages/fetch/parse-document.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url));
const parse = (name: string, url = `https://feeds.example/dir/${name}`) => {
  const doc = parseDocument(fixture(name), null, url, 5_000_000);
  if (doc.kind !== 'feed') throw new Error(`expected a feed, got ${doc.kind}`);
  return doc.entries;
};

describe('RSS 2.0 with a default namespace on the root', () => {
  it('reads <rss xmlns="http://backend.userland.com/rss2"> as RSS 2.0, its items included', () => {
    expect(parse('rss2-default-ns.rss', 'https://old.example/rss.xml')).toEqual([
      {
        url: 'https://old.example/2004/05/first.html',
        title: 'First & only',
        published: '2004-05-04T09:30:00Z',
        author: 'Dave',
      },
      {
        url: 'https://old.example/2004/05/by-guid.html',
        title: 'By guid',
        published: '2004-05-03T13:00:00Z',
        author: null,
      },
    ]);
  });
});

describe('RSS 2.0 links', () => {
  const entries = parse('rss2-links.rss');
  const urls = entries.map((e) => e.url);

  it('takes <link>, resolved against the feed URL (leading newline before the declaration tolerated)', () => {
    expect(urls[0]).toBe('https://feeds.example/posts/with-link');
  });
  it('takes a guid without isPermaLink only when it is an absolute http(s) URL', () => {
    expect(urls).toContain('https://other.example/permalink');
    expect(urls.some((u) => u.includes('not-a-permalink'))).toBe(false);
  });
  it('takes a guid with isPermaLink="true" even when relative', () => {
    expect(urls).toContain('https://feeds.example/explicit');
  });
  it('falls back to an Atom link inside the item', () => {
    expect(urls).toContain('https://atom.example/inside');
  });
  it('reads a <link href> written without the Atom namespace', () => {
    expect(urls).toContain('https://href.example/x');
  });
  it('reads pubDate with a zone name and dc:date with an offset, to UTC', () => {
    expect(entries[0]!.published).toBe('2022-04-05T13:20:00Z');
    expect(entries.find((e) => e.url === 'https://other.example/permalink')!.published).toBe(
      '2022-04-04T08:00:00Z',
    );
    expect(entries.find((e) => e.url === 'https://atom.example/inside')!.published).toBe(
      '2020-05-14T10:00:18Z',
    );
  });
});

describe('titles', () => {
  const titles = parse('rss-titles.rss').map((e) => e.title);
  it('decodes entities, strips tags and collapses whitespace', () => {
    expect(titles).toEqual([
      'CDATA 2 title & more',
      'Double escaped £5 price',
      'Tags stripped and whitespace collapsed',
      'Plain & simple',
      null,
    ]);
  });
  it('reads Atom html, text and xhtml titles by their type', () => {
    const atom = parse('atom-links.atom').map((e) => e.title);
    expect(atom).toEqual(['Escaped html & more', 'Literal <tags> stay', 'XHTML title']);
  });
});

describe('Atom links', () => {
  const entries = parse('atom-links.atom');
  it('takes rel=alternate or no rel, prefers text/html, skips entries with only self links', () => {
    expect(entries.map((e) => e.url)).toEqual([
      'https://base.example/blog/entry-1',
      'https://base.example/elsewhere/entry-2',
      'https://base.example/3.html',
    ]);
  });
  it('dates from published, else updated; author from author/name', () => {
    expect(entries[0]!.published).toBe('2024-01-02T02:04:05Z');
    expect(entries[0]!.author).toBe('Ann Author');
    expect(entries[1]!.published).toBe('2024-01-01T00:00:00Z');
    expect(entries[2]!.published).toBeNull();
  });
});

describe('RSS 1.0 (RDF), BOM and legacy encodings', () => {
  it('reads RDF items beside the channel, with dc:date and double-escaped references', () => {
    const entries = parse('rdf.xml');
    expect(entries.map((e) => [e.url, e.title, e.published])).toEqual([
      ['https://rdf.example/1?rss=1', 'Rent $1500 & up', '2017-03-04T18:20:30Z'],
      ['https://rdf.example/2', 'Older', '2017-03-01T08:00:00Z'],
    ]);
  });
  it('reads a UTF-8 BOM feed whose items only have an a10:link', () => {
    expect(parse('bom-a10.rss').map((e) => e.url)).toEqual(['http://www.example.com/1']);
  });
  it('decodes by the XML declaration (ISO-8859-1 read as windows-1252)', () => {
    expect(parse('latin1.rss')[0]!.title).toBe('Notícias de última hora €');
  });
});

describe('sitemaps and non-feeds', () => {
  it('lists <url><loc> with lastmod, not xhtml:link or image:loc', () => {
    const doc = parseDocument(
      fixture('sitemap-urlset.xml'),
      null,
      'https://site.example/sitemap.xml',
      5_000_000,
    );
    expect(doc).toEqual({
      kind: 'urlset',
      entries: [
        { url: 'https://site.example/blog/old', lastmod: '2020-01-01T00:00:00Z' },
        { url: 'https://site.example/blog/new', lastmod: '2024-05-06T07:08:09Z' },
        { url: 'https://site.example/about', lastmod: null },
      ],
    });
  });
  it('keeps the complete items of a truncated feed and unescaped ampersands', () => {
    const text =
      '<rss><channel><item><title>x & y</title><link>https://a.example/?a=1&b=2</link></item><item><title>cut';
    const doc = parseDocument(Buffer.from(text), null, 'https://f.example/', 1000);
    expect(doc).toEqual({
      kind: 'feed',
      entries: [
        { url: 'https://a.example/?a=1&b=2', title: 'x & y', published: null, author: null },
      ],
    });
  });
  it('names the root element of an HTML page', () => {
    const html = Buffer.from('<html><head><title>x</title></head><body></body></html>');
    expect(() => parseDocument(html, 'text/html', 'https://x.example/', 1000)).toThrow(
      /not a feed or sitemap: <html> root element/,
    );
  });
  it('refuses a body that is not XML', () => {
    expect(() =>
      parseDocument(Buffer.from('{"items": []}'), null, 'https://x.example/', 1000),
    ).toThrow(NotAFeedError);
  });
});
