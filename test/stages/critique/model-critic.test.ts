import { describe, expect, it } from 'vitest';
import { BudgetExceededError, EngineError } from '../../../src/core/errors.js';
import type { Usage } from '../../../src/core/usage.js';
import {
  critiqueWithModel,
  type CriticRequest,
  type ModelCritic,
} from '../../../src/stages/critique/model-critic.js';
import { draftOf, fixtureSources } from './helpers.js';

const USAGE: Usage = {
  inputTokens: 1200,
  outputTokens: 150,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  usd: 0.0058,
};

const input = {
  draft: draftOf(
    'The weather should ease by Thursday morning, allowing PG&E to begin restoring power.[^s1] The campaign cost the state roughly $494,000.[^s2]',
  ),
  sources: fixtureSources(),
};

describe('critiqueWithModel', () => {
  it('without a critic returns the deterministic findings and says the critic was skipped', async () => {
    const out = await critiqueWithModel(input);
    expect(out.findings.map((f) => f.kind)).toEqual(['number-not-in-source', 'prompt-injection']);
    expect(out.notes).toEqual(['model critic skipped: offline engine']);
    expect(out.usage.usd).toBe(0);
  });

  it('sends each sentence with the best passage of its cited source and the deterministic findings', async () => {
    const requests: CriticRequest[] = [];
    const critic: ModelCritic = (request) => {
      requests.push(request);
      return Promise.resolve({ findings: [], usage: USAGE, calls: [] });
    };
    await critiqueWithModel(input, critic);
    const request = requests[0]!;
    expect(request.title).toBe('A draft');
    expect(request.sentences[0]!.passages.map((p) => p.source)).toEqual(['s1']);
    expect(request.sentences[0]!.passages[0]!.text).toContain(
      'The weather should ease by Thursday morning, allowing PG&E to begin restoring power',
    );
    expect(request.sentences[0]!.passages[0]!.text).not.toContain('AI assistants');
    expect(request.findings.map((f) => f.kind)).toEqual([
      'number-not-in-source',
      'prompt-injection',
    ]);
  });

  it('adds model findings on draft sentences, refuses others, and drops duplicates', async () => {
    const critic: ModelCritic = () =>
      Promise.resolve({
        findings: [
          {
            kind: 'unsupported-citation',
            severity: 'error',
            sentence:
              'The weather should ease by Thursday morning, allowing PG&E to begin restoring power.',
            source: 's1',
            detail: 'the source says power restoration depends on inspections',
          },
          {
            kind: 'number-not-in-source',
            severity: 'error',
            sentence: 'The campaign cost the state roughly $494,000.',
            source: 's2',
            detail: 'same as the deterministic one',
          },
          {
            kind: 'unsupported-citation',
            severity: 'error',
            sentence: 'A sentence the draft does not have.',
            source: 's1',
            detail: 'x',
          },
        ],
        usage: USAGE,
        calls: [],
      });
    const out = await critiqueWithModel(input, critic);
    expect(out.findings.map((f) => [f.kind, f.detail.startsWith('model critic: ')])).toEqual([
      ['number-not-in-source', false],
      ['prompt-injection', false],
      ['unsupported-citation', true],
    ]);
    // The model finding carries the passage of the source it names, as deterministic ones do.
    expect(out.findings[2]!.evidence).toMatchObject({
      source: 's1',
      passage: expect.stringContaining('The weather should ease by Thursday morning') as string,
    });
    expect(out.notes[0]).toContain('model finding refused (unsupported-citation)');
    expect(out.notes[1]).toBe('model critic: 1 finding(s) added, 0 call(s), $0.0058');
    expect(out.usage).toEqual(USAGE);
  });

  it('skips the critic on a budget stop, and rethrows any other failure', async () => {
    const broke: ModelCritic = () =>
      Promise.reject(new BudgetExceededError('critique', 0.49, 0.02, 0.5));
    const out = await critiqueWithModel(input, broke);
    expect(out.findings).toHaveLength(2);
    expect(out.notes[0]).toMatch(/^model critic skipped: budget stop in critique/);
    const failing: ModelCritic = () =>
      Promise.reject(new EngineError('critique', 'HTTP 500 after 3 retries'));
    await expect(critiqueWithModel(input, failing)).rejects.toThrow(EngineError);
  });
});
