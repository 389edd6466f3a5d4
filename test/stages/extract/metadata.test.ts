import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../src/stages/extract/dom.js';
import { isoDateOf, metadataOf, withoutSiteName } from '../../../src/stages/extract/metadata.js';
import { fixture } from './fixtures.js';

describe('metadataOf', () => {
  it('reads everything from JSON-LD alone (in @graph, several authors, broken block skipped)', () => {
    const meta = metadataOf(
      parseHtml(fixture('jsonld-only.html')),
      'https://amp.gazette.example.com/x',
    );
    expect(meta).toMatchObject({
      title: 'Tide gauges show the harbour rising faster',
      author: 'Ada Lovelace, Grace Hopper',
      published: '2024-03-04T08:30:00Z',
      canonicalUrl: 'https://gazette.example.com/news/tide-gauges',
      lang: 'en-GB',
      siteName: 'Harbour Gazette',
    });
  });

  it('reads OpenGraph alone: site-name suffix cut, relative og:url resolved, locale normalised', () => {
    const meta = metadataOf(parseHtml(fixture('opengraph-only.html')), 'https://rail.example/feed');
    expect(meta).toMatchObject({
      title: 'Night trains return to the Alps',
      author: 'Lena Fischer',
      published: '2023-12-10T06:00:00Z',
      canonicalUrl: 'https://rail.example/stories/night-trains-alps',
      lang: 'de-AT',
      siteName: 'Rail Weekly',
    });
  });

  it('falls back to <title>, the visible byline and <time>', () => {
    const meta = metadataOf(parseHtml(fixture('byline-only.html')));
    expect(meta).toMatchObject({
      title: 'Les abeilles sauvages reviennent en ville',
      author: 'Marie Curie',
      published: '2022-06-15',
      canonicalUrl: null,
      lang: 'fr',
      siteName: null,
    });
  });

  it('takes JSON-LD datePublished over article:published_time, meta date and <time>, never dateModified', () => {
    const meta = metadataOf(parseHtml(fixture('conflicting-dates.html')));
    expect(meta.published).toBe('2024-05-01T11:15:00Z');
  });

  it('uses article:published_time when JSON-LD has no date, and ignores article:modified_time', () => {
    const html = fixture('conflicting-dates.html').replace(/"datePublished":"[^"]+",/, '');
    expect(metadataOf(parseHtml(html)).published).toBe('2024-05-02T08:00:00Z');
  });

  it('gives nulls for a page without metadata', () => {
    const meta = metadataOf(
      parseHtml('<html><body><p>Only a paragraph of text here.</p></body></html>'),
    );
    expect(meta).toMatchObject({
      title: null,
      author: null,
      published: null,
      canonicalUrl: null,
      lang: null,
      siteName: null,
    });
  });

  it('decodes entities a site escaped twice, in meta tags and in JSON-LD', () => {
    const og = metadataOf(
      parseHtml('<meta property="og:title" content="Bike &amp;amp; Style &amp;#8211; a review">'),
    );
    expect(og.title).toBe('Bike & Style – a review');
    const ld = metadataOf(
      parseHtml(
        '<script type="application/ld+json">{"@type":"BlogPosting","headline":"It&#8217;s here &amp; now"}</script>',
      ),
    );
    expect(ld.title).toBe('It’s here & now');
  });

  it('refuses a canonical URL on another registrable domain than the page (issue 17)', () => {
    const page = (href: string) =>
      `<link rel="canonical" href="${href}"><meta property="og:url" content="${href}"><p>x</p>`;
    const canonicalOf = (href: string, pageUrl: string) =>
      metadataOf(parseHtml(page(href)), pageUrl).canonicalUrl;
    // A page served from a loopback test server cannot claim to be Reuters.
    expect(canonicalOf('https://www.reuters.com/world/x', 'http://127.0.0.1:8080/a')).toBeNull();
    expect(canonicalOf('https://evil.example.net/x', 'https://news.example.org/a')).toBeNull();
    expect(canonicalOf('https://example.org.evil.net/x', 'https://example.org/a')).toBeNull();
    expect(canonicalOf('https://other.co.uk/x', 'https://news.bbc.co.uk/a')).toBeNull();
    expect(canonicalOf('http://127.0.0.2/x', 'http://127.0.0.1/a')).toBeNull();
    // Same registrable domain: the page's own preferred URL.
    expect(canonicalOf('https://www.example.org/x', 'http://amp.example.org/a?utm=1')).toBe(
      'https://www.example.org/x',
    );
    expect(canonicalOf('https://www.bbc.co.uk/news/x', 'https://news.bbc.co.uk/a')).toBe(
      'https://www.bbc.co.uk/news/x',
    );
    expect(canonicalOf('/x', 'http://127.0.0.1:8080/a')).toBe('http://127.0.0.1:8080/x');
  });

  it('takes the next candidate when the canonical link names another site', () => {
    const meta = metadataOf(
      parseHtml(
        '<link rel="canonical" href="https://www.reuters.com/x"><meta property="og:url" content="https://www.example.org/own"><p>x</p>',
      ),
      'https://example.org/a',
    );
    expect(meta.canonicalUrl).toBe('https://www.example.org/own');
  });

  it("trusts a local file's canonical: the operator saved that page", () => {
    const meta = metadataOf(
      parseHtml('<link rel="canonical" href="https://gazette.example.com/x"><p>x</p>'),
      'file:///site/pipelines/example/page.html',
    );
    expect(meta.canonicalUrl).toBe('https://gazette.example.com/x');
  });

  it('refuses a canonical URL that is not http(s)', () => {
    const meta = metadataOf(
      parseHtml('<link rel="canonical" href="javascript:alert(1)"><p>x</p>'),
      'https://a.example/',
    );
    expect(meta.canonicalUrl).toBeNull();
  });
});

describe('withoutSiteName', () => {
  it('cuts a suffix or prefix naming the site, and keeps titles whose dash is part of the headline', () => {
    expect(withoutSiteName('Budget passes | City Times', 'City Times', null)).toBe('Budget passes');
    expect(withoutSiteName('City Times - Budget passes', 'City Times', null)).toBe('Budget passes');
    expect(withoutSiteName('Spider-Man - the review', null, null)).toBe('Spider-Man - the review');
    expect(
      withoutSiteName(
        'Budget passes after long night — The Herald',
        null,
        'Budget passes after long night',
      ),
    ).toBe('Budget passes after long night');
  });
});

describe('isoDateOf', () => {
  it('keeps dates, converts date-times to UTC, reads zone-less times as UTC and rejects nonsense', () => {
    expect(isoDateOf('2024-02-29')).toBe('2024-02-29');
    expect(isoDateOf('2024-03-04T09:30:00+01:00')).toBe('2024-03-04T08:30:00Z');
    expect(isoDateOf('2024-03-04 09:30')).toBe('2024-03-04T09:30:00Z');
    expect(isoDateOf('Tue, 19 Nov 2019 10:00:00 GMT')).toBe('2019-11-19T10:00:00Z');
    expect(isoDateOf('yesterday')).toBeNull();
    expect(isoDateOf('0001-01-01T00:00:00Z')).toBeNull();
    expect(isoDateOf(null)).toBeNull();
  });
});
