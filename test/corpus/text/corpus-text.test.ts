import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusTextOf } from '../../../src/corpus/text/corpus-text.js';
import { fastTextOf } from '../../../src/corpus/text/fast-text.js';
import { decodeReferences, htmlTextOf } from '../../../src/corpus/text/markup.js';
import { shingleWordsOf } from '../../../src/corpus/signature/shingles.js';

const sampler = readFileSync(
  new URL('../../fixtures/corpus/posts/shortcodes.md', import.meta.url),
  'utf8',
);

describe.each([
  ['corpusTextOf (remark)', corpusTextOf],
  ['fastTextOf (scanner)', fastTextOf],
])('%s', (_name, textOf) => {
  const words = shingleWordsOf(textOf(sampler));

  it('decodes every HTML character reference', () => {
    const text = textOf(
      'Caf&eacute; &amp; bar: it&rsquo;s &#8220;open&#x201D; &alpha;&ndash;&Omega; &frac12; price.\n',
    );
    expect(text).toContain('Café & bar: it’s “open” α–Ω ½ price.');
  });

  it('leaves out frontmatter, shortcode tags and their attributes', () => {
    expect(words).not.toContain('zebrafrontmatter');
    expect(words).not.toContain('zebraattr');
    expect(words).not.toContain('zebraimg');
    expect(words).not.toContain('zebraalt');
    expect(words).not.toContain('refsecret');
    expect(textOf(sampler)).toContain('Text inside a paired shortcode stays visible.');
  });

  it('keeps link text but not link targets, titles, definitions or bare URLs', () => {
    expect(words).toEqual(expect.arrayContaining(['link', 'text', 'ref', 'guide', 'visit']));
    for (const hidden of [
      'hidden',
      'target',
      'title',
      'zebradefinition',
      'zebraurl',
      'https',
      'www',
    ]) {
      expect(words).not.toContain(hidden);
    }
  });

  it('strips HTML tags and scripts and decodes references', () => {
    expect(textOf(sampler)).toContain('Raw HTML text & more, it’s decoded');
    expect(words).not.toContain('div');
    expect(words).not.toContain('zebrascript');
    expect(words).not.toContain('8217');
  });

  it('keeps inline and fenced code as text, without the fence language', () => {
    expect(words).toEqual(expect.arrayContaining(['code', 'word', 'fencedcode', 'kept']));
    expect(words).not.toContain('js');
  });
});

describe('fastTextOf against the remark reader', () => {
  it('gives the same words on the real fixture posts', () => {
    for (const name of ['ux-summit-2023.md', 'data-briefing-2016.md']) {
      const text = readFileSync(
        new URL(`../../fixtures/corpus/posts/news/${name}`, import.meta.url),
        'utf8',
      );
      expect(shingleWordsOf(fastTextOf(text))).toEqual(shingleWordsOf(corpusTextOf(text)));
    }
  });

  it('gives the same words as remark on a plain paragraph and differs once a target leaks', () => {
    const markdown = 'See [the report](https://example.gov/r.pdf) now.';
    expect(shingleWordsOf(fastTextOf(markdown))).toEqual(['see', 'the', 'report', 'now']);
    expect(shingleWordsOf(corpusTextOf(markdown))).toEqual(['see', 'the', 'report', 'now']);
  });
});

describe('decodeReferences', () => {
  it('decodes with the full HTML table and turns a reference it cannot decode into a space', () => {
    expect(decodeReferences('&alpha;&frac12;&#x1F600;&zzfake;x')).toBe('α½😀 x');
    expect(shingleWordsOf(htmlTextOf('<p>a &zzfake; b &hellip;</p>'))).toEqual(['a', 'b']);
  });
});
