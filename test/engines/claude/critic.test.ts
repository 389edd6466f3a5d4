import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExceededError, EngineError } from '../../../src/core/errors.js';
import {
  createClaudeCritic,
  CRITIC_MAX_OUTPUT_TOKENS,
  CRITIC_SYSTEM_PROMPT,
  FINDINGS_TOOL,
} from '../../../src/engines/claude/critic.js';
import { createClaudeEngine } from '../../../src/engines/claude/index.js';
import { PRICES } from '../../../src/engines/claude/prices.js';
import { THINKING_TOKENS } from '../../../src/engines/claude/thinking.js';
import {
  critiqueWithModel,
  type CriticRequest,
} from '../../../src/stages/critique/model-critic.js';
import { draftOf, fixtureSources } from '../../stages/critique/helpers.js';
import {
  API_KEY,
  contextOf,
  errorReply,
  messageReply,
  startMockApi,
  toolUse,
  type MockApi,
} from './helpers.js';

let api: MockApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const SENTENCE = 'The tour starts in June 2020 with 30 dates.';

const request: CriticRequest = {
  title: 'The Doobie Brothers reunite',
  sentences: [
    {
      text: SENTENCE,
      cites: ['s1'],
      section: 'The tour',
      passages: [{ source: 's1', text: 'The 30-date tour kicks off on June 1, 2020 in Texas.' }],
    },
  ],
  findings: [
    {
      kind: 'number-not-in-source',
      severity: 'error',
      sentence: SENTENCE,
      source: 's1',
      detail: 'figure 31 absent',
    },
  ],
};

const USAGE = { input_tokens: 1000, output_tokens: 200 };
// $2 / $10 per million tokens (sonnet 5.5).
const USD = (1000 * 2 + 200 * 10) / 1e6;

const findingsReply = (findings: unknown[]) =>
  messageReply([toolUse(FINDINGS_TOOL, { findings })], USAGE);

function criticFor(mock: MockApi) {
  return createClaudeCritic({ apiKey: API_KEY, baseURL: mock.baseURL, maxRetries: 0 });
}

describe('createClaudeCritic', () => {
  it('offers the findings tool (auto, strict), sends sentences, passages and findings, and normalises the answer', async () => {
    api = await startMockApi([
      findingsReply([
        {
          kind: 'Unsupported-Citation',
          severity: 'error',
          sentence: ` ${SENTENCE} `,
          source: 's1',
          detail: 'the source says June 1, not a whole month',
        },
        {
          kind: 'quote-not-in-source',
          severity: 'warning',
          sentence: SENTENCE,
          source: '',
          detail: 'x',
        },
        {
          kind: 'number-not-in-source',
          severity: 'info',
          sentence: SENTENCE,
          source: 's9',
          detail: 'y',
        },
        {
          kind: 'unsupported-citation',
          severity: 'fatal',
          sentence: SENTENCE,
          source: 's1',
          detail: 'z',
        },
      ]),
    ]);
    const ctx = contextOf(0.5);
    const result = await criticFor(api)(request, ctx);
    expect(api.requests).toHaveLength(1);
    const body = api.requests[0]!.body;
    // Never a forced tool choice: the 5.x models refuse it with a 400.
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(body.tools).toHaveLength(1);
    expect(body.tools[0]).toMatchObject({ name: FINDINGS_TOOL, strict: true });
    // The findings plus the thinking allowance of low effort, thinking set explicitly.
    expect(body.max_tokens).toBe(CRITIC_MAX_OUTPUT_TOKENS + THINKING_TOKENS.low);
    expect(body.thinking).toEqual({ type: 'adaptive' });
    expect(body.output_config).toEqual({ effort: 'low' });
    expect(body.system[0]!.text).toBe(CRITIC_SYSTEM_PROMPT);
    expect(body.system[0]!.cache_control).toEqual({ type: 'ephemeral' });
    const prompt = body.messages[0]!.content[0]!.text!;
    expect(prompt).toContain(SENTENCE);
    // Each sentence delimited, its passages inside it.
    expect(prompt).toMatch(/<sentence n="1" section="The tour" cites="s1">\n<text>The tour starts/);
    expect(prompt).toMatch(/<source_text id="s1"[^]*<\/source_text>\n<\/sentence>/);
    expect(prompt).toContain('<source_text id="s1"');
    expect(prompt).toContain('The 30-date tour kicks off on June 1, 2020 in Texas.');
    expect(prompt).toContain('figure 31 absent');
    expect(JSON.stringify(api.requests[0]!.body)).not.toContain(API_KEY);

    expect(result.findings).toEqual([
      {
        kind: 'unsupported-citation',
        severity: 'error',
        sentence: SENTENCE,
        source: 's1',
        detail: 'the source says June 1, not a whole month',
      },
      {
        kind: 'quote-not-in-source',
        severity: 'warning',
        sentence: SENTENCE,
        source: null,
        detail: 'x',
      },
      {
        kind: 'number-not-in-source',
        severity: 'info',
        sentence: SENTENCE,
        source: null,
        detail: 'y',
      },
    ]);
    expect(result.notes).toEqual(['model critic: 1 malformed finding(s) of 4 dropped']);
    expect(result.calls).toHaveLength(1);
    expect(result.calls[0]).toMatchObject({ stage: 'critique', model: 'claude-sonnet-5-5' });
    expect(result.usage.usd).toBeCloseTo(USD, 10);
    expect(result.usage.outputTokens).toBe(200);
    expect(ctx.budget.spentUsd).toBeCloseTo(USD, 10);
  });

  it('makes one request, never a forced tool choice, against an API that refuses forced tool use', async () => {
    // The stand-in answers a forced tool_choice with a 400, as the 5.x models do: one auto request.
    api = await startMockApi([findingsReply([])]);
    const ctx = contextOf(0.5);
    const result = await criticFor(api)(request, ctx);
    expect(api.requests.map((r) => r.body.tool_choice)).toEqual([{ type: 'auto' }]);
    expect(result.findings).toEqual([]);
    expect(result.calls).toHaveLength(1);
    expect(result.notes ?? []).toEqual([]);
    expect(ctx.budget.spentUsd).toBeCloseTo(USD, 10);
  });

  it('uses no findings of an answer cut at max_tokens, with a note and the call on the ledger', async () => {
    api = await startMockApi([
      messageReply(
        [toolUse(FINDINGS_TOOL, { findings: [{ kind: 'unsupported-citation' }] })],
        USAGE,
        'max_tokens',
      ),
    ]);
    const result = await criticFor(api)(request, contextOf(0.5));
    expect(result.findings).toEqual([]);
    expect((result.notes ?? []).join(' ')).toContain('cut at max_tokens');
    expect(result.calls).toHaveLength(1);
  });

  it('fails with an EngineError of the critique stage on another 400, without a second request', async () => {
    api = await startMockApi([errorReply(400, 'invalid_request_error', 'max_tokens too large')]);
    const error = await criticFor(api)(request, contextOf(0.5)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).stage).toBe('critique');
    expect((error as Error).message).toContain('max_tokens too large');
    expect(api.requests).toHaveLength(1);
  });

  it('takes a text-only answer as no model findings, with a note and the call on the ledger', async () => {
    api = await startMockApi([messageReply([{ type: 'text', text: 'Looks fine to me.' }], USAGE)]);
    const result = await criticFor(api)(request, contextOf(0.5));
    expect(result.findings).toEqual([]);
    expect((result.notes ?? []).join(' ')).toContain(`answered without ${FINDINGS_TOOL}`);
    expect(result.calls).toHaveLength(1);
    expect(result.usage.usd).toBeCloseTo(USD, 10);
  });

  it('reserves the worst case before the call: refuses below it, calls above it', async () => {
    // The worst case is at least the whole max_tokens of output, thinking included:
    // (4096 + 2048) x $10 / M = $0.061.
    const outputOnly =
      ((CRITIC_MAX_OUTPUT_TOKENS + THINKING_TOKENS.low) *
        PRICES['claude-sonnet-5-5']!.outputPerMTok) /
      1e6;
    api = await startMockApi([findingsReply([])]);
    const poor = contextOf(outputOnly);
    const error = await criticFor(api)(request, poor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).stage).toBe('critique');
    expect(api.requests).toHaveLength(0);
    expect(poor.budget.spentUsd).toBe(0);

    const enough = contextOf(outputOnly + 0.02);
    const result = await criticFor(api)(request, enough);
    expect(api.requests).toHaveLength(1);
    expect(result.calls).toHaveLength(1);
  });
});

describe('the Claude engine critic through critiqueWithModel', () => {
  const input = {
    draft: draftOf(
      'The weather should ease by Thursday morning, allowing PG&E to begin restoring power.[^s1] The campaign cost the state roughly $494,000.[^s2]',
    ),
    sources: fixtureSources(),
  };
  const first =
    'The weather should ease by Thursday morning, allowing PG&E to begin restoring power.';

  it('adds the model finding on a draft sentence and accounts for the call', async () => {
    api = await startMockApi([
      findingsReply([
        {
          kind: 'unsupported-citation',
          severity: 'error',
          sentence: first,
          source: 's1',
          detail: 'hedged in the source',
        },
      ]),
    ]);
    const engine = createClaudeEngine({ apiKey: API_KEY, baseURL: api.baseURL, maxRetries: 0 });
    const ctx = contextOf(0.5);
    const out = await critiqueWithModel(input, (req) => engine.critic!(req, ctx));
    expect(out.findings.map((f) => f.kind)).toEqual([
      'number-not-in-source',
      'prompt-injection',
      'unsupported-citation',
    ]);
    expect(out.findings[2]!.detail).toBe('model critic: hedged in the source');
    expect(out.calls.map((c) => c.stage)).toEqual(['critique']);
    expect(out.usage.usd).toBeCloseTo(USD, 10);
  });

  it('skips the critic with a note when the budget cannot pay for its call', async () => {
    api = await startMockApi([findingsReply([])]);
    const engine = createClaudeEngine({ apiKey: API_KEY, baseURL: api.baseURL, maxRetries: 0 });
    const ctx = contextOf(0.001);
    const out = await critiqueWithModel(input, (req) => engine.critic!(req, ctx));
    expect(api.requests).toHaveLength(0);
    expect(out.findings.map((f) => f.kind)).toEqual(['number-not-in-source', 'prompt-injection']);
    expect(out.notes[0]).toMatch(/^model critic skipped: budget stop in critique/);
    expect(out.calls).toEqual([]);
  });
});
