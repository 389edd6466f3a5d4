import { describe, expect, it } from 'vitest';
import { PASSAGE_MAX_CHARS } from '../../../src/stages/critique/cited-passage.js';
import {
  critiqueWithModel,
  type CriticRequest,
  type ModelCritic,
} from '../../../src/stages/critique/model-critic.js';
import type { SourceText } from '../../../src/stages/critique/types.js';
import { draftOf } from './helpers.js';

const FILLER = [
  'Traffic on the coastal road was light during the morning hours.',
  'Several shops along the waterfront opened later than usual.',
  'A ferry schedule change had been announced the week before.',
];

/** A source whose claim is split: the reopening up front, the cost two windows further on. */
const SPLIT: SourceText = {
  id: 's1',
  url: 'https://example.org/s1',
  title: '',
  text: [
    'City engineers reopened the harbor bridge on Monday.',
    'The harbor bridge had been closed for repairs since March.',
    'Engineers said the repairs went as planned.',
    ...FILLER,
    'The harbor bridge repairs cost 4.2 million dollars in total.',
  ].join(' '),
};

async function requestOf(body: string, sources: SourceText[]): Promise<CriticRequest> {
  const requests: CriticRequest[] = [];
  const critic: ModelCritic = (request) => {
    requests.push(request);
    return Promise.resolve({
      findings: [],
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, usd: 0 },
      calls: [],
    });
  };
  await critiqueWithModel({ draft: draftOf(body, ['s1']), sources }, critic);
  return requests[0]!;
}

describe('the cited passages the critic reads', () => {
  it('holds support found beyond the best window, with a gap mark, in source order', async () => {
    const request = await requestOf(
      'City engineers reopened the harbor bridge after repairs costing 4.2 million dollars.[^s1]',
      [SPLIT],
    );
    const text = request.sentences[0]!.passages[0]!.text;
    expect(text).toContain('City engineers reopened the harbor bridge on Monday.');
    expect(text).toContain('The harbor bridge repairs cost 4.2 million dollars in total.');
    expect(text.indexOf('reopened')).toBeLessThan(text.indexOf('4.2 million'));
    // The filler holds none of the sentence's words.
    expect(text).toContain('… The harbor bridge repairs cost');
    expect(text).not.toContain('ferry');
  });

  it('stops adding windows at 1,500 characters per cited source', async () => {
    // 60 sentences of about 60 characters, each naming the bridge: far more than the bound.
    const long: SourceText = {
      ...SPLIT,
      text: Array.from(
        { length: 60 },
        (_, i) => `Harbor bridge inspection ${i + 1} found the deck in order.`,
      ).join(' '),
    };
    const request = await requestOf('The harbor bridge deck was inspected.[^s1]', [long]);
    const text = request.sentences[0]!.passages[0]!.text;
    expect(PASSAGE_MAX_CHARS).toBe(1500);
    expect(text.length).toBeLessThanOrEqual(PASSAGE_MAX_CHARS);
    // More than one 3-sentence window, and close to the bound (a window of 3 more would pass it).
    expect(text.length).toBeGreaterThan(PASSAGE_MAX_CHARS - 3 * 70);
  });

  it('cuts a single window longer than the bound at the bound', async () => {
    const huge: SourceText = {
      ...SPLIT,
      text: `The harbor bridge ${'carries traffic and '.repeat(120)}reopened.`,
    };
    const request = await requestOf('The harbor bridge reopened.[^s1]', [huge]);
    const text = request.sentences[0]!.passages[0]!.text;
    expect(text).toHaveLength(PASSAGE_MAX_CHARS);
    expect(text.endsWith('…')).toBe(true);
  });
});
