import { describe, expect, it } from 'vitest';
import { validateSubmission } from '../../../src/engines/claude/submit-schema.js';
import { SECTIONS, validDraft } from './helpers.js';

const IDS = new Set(['s1', 's2', 's3']);

describe('validateSubmission', () => {
  it('accepts a valid draft and fills the intro', () => {
    const checked = validateSubmission(validDraft(), IDS, SECTIONS);
    expect(checked.ok).toBe(true);
    const noIntro = validDraft();
    delete noIntro.intro;
    const without = validateSubmission(noIntro, IDS, SECTIONS);
    expect(without.ok && without.content.intro).toEqual([]);
  });

  it('reports schema errors with their path', () => {
    const checked = validateSubmission(
      { title: 'x', sections: [{ heading: 'A', paragraphs: 'no' }], extra: 1 },
      IDS,
      SECTIONS,
    );
    expect(checked.ok).toBe(false);
    const problems = checked.ok ? [] : checked.problems;
    expect(problems.some((p) => p.startsWith('schema: description'))).toBe(true);
    expect(problems.some((p) => p.startsWith('schema: sections.0.paragraphs'))).toBe(true);
    expect(problems.some((p) => p.includes('extra'))).toBe(true);
  });

  it('names unknown source ids and empty sentences', () => {
    const draft = validDraft();
    const sections = draft.sections as Array<{
      paragraphs: Array<{ sentences: Array<{ text: string; cite: string[] }> }>;
    }>;
    sections[1]!.paragraphs[0]!.sentences.push({ text: ' ', cite: ['s4'] });
    const checked = validateSubmission(draft, IDS, SECTIONS);
    expect(checked.ok ? [] : checked.problems).toEqual([
      'sections[1] "The tour" paragraph 0 sentence 1: empty text',
      'sections[1] "The tour" paragraph 0 sentence 1: cites unknown source "s4" (known: s1, s2, s3)',
    ]);
  });

  it('requires each section present, in order and not empty; extra sections are fine', () => {
    const draft = validDraft();
    const [a, b, c] = draft.sections as Array<{ heading: string; paragraphs: unknown[] }>;
    const swapped = validateSubmission({ ...draft, sections: [b, a, c] }, IDS, SECTIONS);
    expect(swapped.ok ? [] : swapped.problems).toEqual([
      'required section "The tour" is out of order (required order: The announcement, The tour, What else is coming)',
    ]);
    const missing = validateSubmission({ ...draft, sections: [a, c] }, IDS, SECTIONS);
    expect(missing.ok ? [] : missing.problems).toEqual(['required section "The tour" is missing']);
    const empty = validateSubmission(
      { ...draft, sections: [a, { heading: 'The Tour', paragraphs: [] }, c] },
      IDS,
      SECTIONS,
    );
    expect(empty.ok ? [] : empty.problems).toEqual(['required section "The tour" is empty']);
    const extra = validateSubmission(
      { ...draft, sections: [a, { heading: 'Aside', paragraphs: [] }, b, c] },
      IDS,
      SECTIONS,
    );
    expect(extra.ok).toBe(true);
  });

  it('caps the list of problems', () => {
    const sentences = Array.from({ length: 40 }, () => ({ text: 'x', cite: ['s9'] }));
    const draft = { ...validDraft(), intro: [{ sentences }] };
    const checked = validateSubmission(draft, IDS, SECTIONS);
    const problems = checked.ok ? [] : checked.problems;
    expect(problems).toHaveLength(21);
    expect(problems[20]).toBe('... and 20 more problems');
  });
});
