import { describe, expect, it } from 'vitest';
import {
  SUBMIT_DRAFT_SCHEMA,
  submissionOf,
  validateSubmission,
} from '../../../src/engines/claude/submit-schema.js';
import { SECTIONS, validDraft } from './helpers.js';

const IDS = new Set(['s1', 's2', 's3']);

describe('validateSubmission', () => {
  it('accepts a valid draft; a first section without a heading is the intro', () => {
    const checked = validateSubmission(validDraft(), IDS, SECTIONS);
    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.content.intro[0]?.sentences[0]?.text).toBe(
      'The Doobie Brothers are going back on the road.',
    );
    expect(checked.ok && checked.content.sections.map((s) => s.heading)).toEqual([
      'The announcement',
      'The tour',
      'What else is coming',
    ]);
    const noIntro = validDraft();
    noIntro.sections = (noIntro.sections as unknown[]).slice(1);
    const without = validateSubmission(noIntro, IDS, SECTIONS);
    expect(without.ok && without.content.intro).toEqual([]);
    // The schema offered to the model has no intro field of its own.
    expect(Object.keys(SUBMIT_DRAFT_SCHEMA.properties)).not.toContain('intro');
  });

  it('refuses an empty heading after the first section', () => {
    const draft = validDraft();
    const sections = draft.sections as Array<{ heading: string }>;
    sections[2]!.heading = '  ';
    const checked = validateSubmission(draft, IDS, SECTIONS);
    expect(checked.ok ? [] : checked.problems).toContain(
      'sections[2] has an empty heading (only the first section may: the intro)',
    );
  });

  it('shows a revision its previous draft in the same shape, intro first', () => {
    const checked = validateSubmission(validDraft(), IDS, SECTIONS);
    if (!checked.ok) throw new Error('valid draft refused');
    const again = validateSubmission(submissionOf(checked.content), IDS, SECTIONS);
    expect(again).toEqual(checked);
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
    // sections[0] is the intro: problems count sections as the model sent them.
    sections[2]!.paragraphs[0]!.sentences.push({ text: ' ', cite: ['s4'] });
    const checked = validateSubmission(draft, IDS, SECTIONS);
    expect(checked.ok ? [] : checked.problems).toEqual([
      'sections[2] "The tour" paragraph 0 sentence 1: empty text',
      'sections[2] "The tour" paragraph 0 sentence 1: cites unknown source "s4" (known: s1, s2, s3)',
    ]);
  });

  it('requires each section present, in order and not empty; extra sections are fine', () => {
    const draft = validDraft();
    const [, a, b, c] = draft.sections as Array<{ heading: string; paragraphs: unknown[] }>;
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

  it('takes notCovered (why) instead of paragraphs for a required section only', () => {
    const draft = validDraft();
    const [intro, a, , c] = draft.sections as unknown[];
    const gap = { heading: 'The tour', paragraphs: [], notCovered: ' No source gives dates. ' };
    const checked = validateSubmission({ ...draft, sections: [intro, a, gap, c] }, IDS, SECTIONS);
    expect(checked.ok && checked.content.sections[1]).toEqual({
      heading: 'The tour',
      paragraphs: [],
      notCovered: 'No source gives dates.',
    });
    // The other sections carry no notCovered key at all.
    expect(checked.ok && 'notCovered' in checked.content.sections[0]!).toBe(false);
    expect(SUBMIT_DRAFT_SCHEMA.properties.sections.items.properties).toHaveProperty('notCovered');
    expect(SUBMIT_DRAFT_SCHEMA.properties.sections.items.required).toEqual([
      'heading',
      'paragraphs',
    ]);

    const extra = { heading: 'Aside', paragraphs: [], notCovered: 'nothing on it' };
    const notRequired = validateSubmission(
      { ...draft, sections: [intro, a, extra, gap, c] },
      IDS,
      SECTIONS,
    );
    expect(notRequired.ok ? [] : notRequired.problems).toEqual([
      'sections[2] "Aside": notCovered is only for a required section (The announcement, The tour, What else is coming); leave this section out instead',
    ]);
    const both = validateSubmission(
      { ...draft, sections: [intro, { ...(a as object), notCovered: 'why' }, gap, c] },
      IDS,
      SECTIONS,
    );
    expect(both.ok ? [] : both.problems).toEqual([
      'sections[1] "The announcement": has notCovered and sentences; send either paragraphs or notCovered with paragraphs []',
    ]);
    // A blank notCovered is no claim of a gap: the section is still empty.
    const blank = validateSubmission(
      { ...draft, sections: [intro, a, { ...gap, notCovered: '  ' }, c] },
      IDS,
      SECTIONS,
    );
    expect(blank.ok ? [] : blank.problems).toEqual(['required section "The tour" is empty']);
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
