import { describe, expect, it } from 'vitest';
import { selectPassages } from '../../../src/engines/claude/preselect.js';
import { sourceDocOf } from '../../../src/engines/claude/source-text.js';
import { articleOf, contextOf, doobieArticles, SECTIONS } from './helpers.js';

describe('selectPassages', () => {
  const docs = [...doobieArticles(), articleOf('nasa-landers-injected.md', 's4')].map(sourceDocOf);
  const topic = contextOf().topic;

  it('takes every source’s lead, then topic matches, within the size cap', () => {
    const text = selectPassages(docs, topic, SECTIONS, 3000);
    for (const id of ['s1', 's2', 's3', 's4']) expect(text).toContain(`<source_text id="${id}"`);
    const body = text.replace(/<\/?source_text[^>]*>/g, '');
    expect(body.length).toBeLessThanOrEqual(3000 + 200);
    expect(text).toContain('A half century on, The Doobie Brothers are still smoking.');
  });

  it('takes more with a larger cap, and never the whole of large sources', () => {
    const small = selectPassages(docs, topic, SECTIONS, 3000);
    const large = selectPassages(docs, topic, SECTIONS, 8000);
    expect(large.length).toBeGreaterThan(small.length);
    const total = docs.reduce((sum, d) => sum + d.chars, 0);
    expect(large.length).toBeLessThan(total);
  });
});
