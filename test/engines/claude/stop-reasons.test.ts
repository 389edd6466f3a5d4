import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/core/errors.js';
import { MODELS } from '../../../src/engines/claude/models.js';
import {
  contextOf,
  doobieArticles,
  messageReply,
  SECTIONS,
  startMockApi,
  thinkingBlock,
  toolUse,
  validDraft,
  type MockApi,
  engineFor,
} from './helpers.js';

let api: MockApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const request = () => ({ articles: doobieArticles(), sections: SECTIONS });

/** validDraft() cut off inside its last sentence: schema-valid, but not what the model meant. */
function cutDraft(): Record<string, unknown> {
  const draft = validDraft() as {
    sections: Array<{ paragraphs: Array<{ sentences: Array<{ text: string }> }> }>;
  };
  draft.sections[3]!.paragraphs[0]!.sentences[0]!.text = 'A show at Blos';
  return draft;
}

describe('stop reasons, one by one, against a stand-in that refuses what the API refuses', () => {
  it('never accepts a submit_draft cut at max_tokens: asks for a shorter one and records the cost', async () => {
    api = await startMockApi([
      messageReply(
        [thinkingBlock('Plan: four sections.'), toolUse('submit_draft', cutDraft())],
        { output_tokens: 16384, output_tokens_details: { thinking_tokens: 9000 } },
        'max_tokens',
      ),
      messageReply([toolUse('submit_draft', validDraft())], { output_tokens: 700 }),
    ]);
    const output = await engineFor(api).draft(request(), contextOf());
    // The draft is the complete second submission, never the cut one.
    const last = output.content!.sections.at(-1)!.paragraphs[0]!.sentences[0]!.text;
    expect(last).toBe('A show at Blossom is planned.');
    expect(api.requests).toHaveLength(2);
    const answer = api.requests[1]!.body.messages.at(-1)!.content[0]!;
    expect(answer.type).toBe('tool_result');
    expect(answer.is_error).toBe(true);
    expect(answer.content).toContain('cut off at max_tokens');
    // The thinking block went back unchanged (the stand-in checks its signature).
    expect(api.requests[1]!.body.messages[1]!.content[0]!.type).toBe('thinking');
    expect(output.usage.outputTokens).toBe(16384 + 700);
    expect(output.notes.join(' ')).toContain('1 answer(s) cut at max_tokens');
    expect(output.notes.join(' ')).toContain('9000 thinking token(s)');
  });

  it('gives up after maxTruncations cut answers, with every paid call on the error', async () => {
    const cut = messageReply(
      [toolUse('submit_draft', cutDraft())],
      { output_tokens: 16384 },
      'max_tokens',
    );
    api = await startMockApi([cut, cut, cut, cut]);
    const error = (await engineFor(api, { maxTruncations: 2 })
      .draft(request(), contextOf())
      .catch((e: unknown) => e)) as EngineError;
    expect(error).toBeInstanceOf(EngineError);
    expect(error.code).toBe('ENGINE_TRUNCATED');
    expect(error.message).toContain('3 answers cut at max_tokens');
    expect(api.requests).toHaveLength(3);
    expect(error.calls).toHaveLength(3);
    expect(error.calls.reduce((sum, c) => sum + c.usage.outputTokens, 0)).toBe(3 * 16384);
  });

  it('asks for a shorter answer when text (no tool call) is cut at max_tokens', async () => {
    api = await startMockApi([
      messageReply(
        [{ type: 'text', text: 'The Doobie Brothers are going back on the' }],
        {},
        'max_tokens',
      ),
      messageReply([toolUse('submit_draft', validDraft())]),
    ]);
    const output = await engineFor(api).draft(request(), contextOf());
    expect(output.content).not.toBeNull();
    const nudge = api.requests[1]!.body.messages.at(-1)!;
    expect(nudge.role).toBe('user');
    expect(nudge.content[0]!.text).toContain('cut off at max_tokens');
  });

  it('continues an empty end_turn after a tool result with a user turn, never an empty message', async () => {
    api = await startMockApi([
      messageReply([thinkingBlock('Read s1 first.'), toolUse('read_source', { id: 's1' })]),
      messageReply([], { output_tokens: 3 }, 'end_turn'),
      messageReply([toolUse('submit_draft', validDraft())]),
    ]);
    const output = await engineFor(api).draft(request(), contextOf());
    expect(output.content).not.toBeNull();
    expect(api.requests).toHaveLength(3);
    const third = api.requests[2]!.body.messages;
    expect(third.every((m) => m.content.length > 0)).toBe(true);
    expect(third.at(-1)!.role).toBe('user');
    expect(third.at(-1)!.content[0]!.text).toContain('empty');
    expect(third.at(-2)!.content[0]!.type).toBe('tool_result');
  });

  it('sends a paused turn back as it is to continue it', async () => {
    api = await startMockApi([
      messageReply([{ type: 'text', text: 'Checking the sources.' }], {}, 'pause_turn'),
      messageReply([toolUse('submit_draft', validDraft())]),
    ]);
    const output = await engineFor(api).draft(request(), contextOf());
    expect(output.content).not.toBeNull();
    const last = api.requests[1]!.body.messages.at(-1)!;
    expect(last.role).toBe('assistant');
    expect(last.content[0]!.text).toBe('Checking the sources.');
    expect(output.notes.join(' ')).toContain('1 paused turn(s)');
  });

  it('stops on model_context_window_exceeded without using the truncated submission', async () => {
    api = await startMockApi([
      messageReply([toolUse('submit_draft', validDraft())], {}, 'model_context_window_exceeded'),
    ]);
    const error = (await engineFor(api)
      .draft(request(), contextOf())
      .catch((e: unknown) => e)) as EngineError;
    expect(error.code).toBe('ENGINE_CONTEXT_FULL');
    expect(error.calls).toHaveLength(1);
  });

  it('sets thinking and effort explicitly and sizes max_tokens for thinking plus the draft', async () => {
    api = await startMockApi([messageReply([toolUse('submit_draft', validDraft())])]);
    await engineFor(api, { model: 'claude-opus-5-5' }).draft(request(), contextOf());
    const body = api.requests[0]!.body;
    // Opus 5.5 cannot turn thinking off: adaptive, with the drafting effort.
    expect(body.thinking).toEqual({ type: 'adaptive' });
    expect(body.output_config).toEqual({ effort: 'medium' });
    expect(body.max_tokens).toBe(8192 + 8192);
    expect(body.tool_choice).toEqual({ type: 'auto' });
  });

  it('takes the lowest thinking the model allows when asked to (between_tools on sonnet 5.5)', async () => {
    api = await startMockApi([messageReply([toolUse('submit_draft', validDraft())])]);
    await engineFor(api, { thinking: { mode: 'lowest', effort: 'low' } }).draft(
      request(),
      contextOf(),
    );
    const body = api.requests[0]!.body;
    expect(body.thinking).toEqual({ type: 'between_tools' });
    expect(body.output_config).toEqual({ effort: 'low' });
    expect(body.max_tokens).toBe(8192 + 2048);
  });
});

describe('the ledger prices each model with its own cache prices', () => {
  for (const [id, spec] of Object.entries(MODELS)) {
    it(`${id}: cache reads at $${spec.price.cacheReadPerMTok} per MTok, thinking as output`, async () => {
      const usage = {
        input_tokens: 1000,
        output_tokens: 2000,
        output_tokens_details: { thinking_tokens: 1500 },
        cache_creation_input_tokens: 3000,
        cache_read_input_tokens: 10_000,
      };
      api = await startMockApi([messageReply([toolUse('submit_draft', validDraft())], usage)]);
      const ctx = contextOf(5);
      const output = await engineFor(api, { model: id }).draft(request(), ctx);
      const p = spec.price;
      const expected =
        (1000 * p.inputPerMTok +
          2000 * p.outputPerMTok +
          3000 * p.cacheWrite5mPerMTok +
          10_000 * p.cacheReadPerMTok) /
        1e6;
      expect(output.usage.usd).toBeCloseTo(expected, 12);
      expect(ctx.budget.spentUsd).toBeCloseTo(expected, 12);
      expect(api.requests[0]!.body.model).toBe(id);
    });
  }

  it('reads the cache at 0.05x input on the 5.5 models that say so, not one 0.1x for all', () => {
    expect(MODELS['claude-opus-5-5']!.price.cacheReadPerMTok).toBe(0.2);
    expect(MODELS['claude-sonnet-5-5']!.price.cacheReadPerMTok).toBe(0.1);
    expect(MODELS['claude-haiku-5-5']!.price.cacheReadPerMTok).toBe(0.01);
  });
});
