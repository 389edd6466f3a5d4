import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIENCE, DEFAULT_TONE } from '../../../src/core/topic.js';
import { briefOf, SYSTEM_PROMPT } from '../../../src/engines/claude/prompt.js';
import { sourceDocOf } from '../../../src/engines/claude/source-text.js';
import { contextOf, doobieArticles, SECTIONS } from './helpers.js';

describe('the drafting prompt', () => {
  it('gives the topic audience and tone, or the defaults', () => {
    const docs = doobieArticles().map(sourceDocOf);
    const topic = contextOf().topic;
    const brief = briefOf(
      { ...topic, audience: 'classic-rock fans', tone: 'warm but exact' },
      SECTIONS,
      docs,
    );
    expect(brief).toContain('Audience: classic-rock fans\nTone: warm but exact');
    const { audience: _a, tone: _t, ...bare } = topic;
    expect(briefOf(bare, SECTIONS, docs)).toContain(
      `Audience: ${DEFAULT_AUDIENCE}\nTone: ${DEFAULT_TONE}`,
    );
  });

  it('asks for own words and quotes only inside quote marks, copied exactly', () => {
    expect(SYSTEM_PROMPT).toContain('Write in your own words.');
    expect(SYSTEM_PROMPT).toContain('Quote only inside quote marks, copied exactly');
    // The old prompt asked for both "quote verbatim" and "plain prose in your own words".
    expect(SYSTEM_PROMPT.toLowerCase()).not.toContain('quote verbatim');
  });

  it('gives structure guidance and the way to mark a section no source covers', () => {
    expect(SYSTEM_PROMPT).toMatch(/Structure: a short intro .* one idea per paragraph/);
    expect(SYSTEM_PROMPT).toContain('"notCovered" saying why');
    expect(SYSTEM_PROMPT).toContain('never fill it with claims no source supports');
  });
});
