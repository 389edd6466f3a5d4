import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError, type EngineError } from '../../../src/core/errors.js';
import { pollBatch } from '../../../src/engines/claude/batch-poll.js';
import { loadBatchState, submitDraftBatch } from '../../../src/engines/claude/batch.js';
import { PRICES } from '../../../src/engines/claude/prices.js';
import { PRESELECT_MAX_CHARS } from '../../../src/engines/claude/preselect.js';
import {
  API_KEY,
  articleOf,
  contextOf,
  doobieArticles,
  messageReply,
  SECTIONS,
  startMockApi,
  toolUse,
  validDraft,
  type MockApi,
  type Reply,
} from './helpers.js';

let api: MockApi | undefined;
let dir: string | undefined;
afterEach(async () => {
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  api = dir = undefined;
});

function batchReply(baseURL: string, status: 'in_progress' | 'ended'): Reply {
  return {
    status: 200,
    body: {
      id: 'msgbatch_1',
      type: 'message_batch',
      processing_status: status,
      request_counts: {
        processing: status === 'ended' ? 0 : 2,
        succeeded: 1,
        errored: 1,
        canceled: 0,
        expired: 0,
      },
      created_at: '2026-11-26T02:00:00Z',
      ended_at: status === 'ended' ? '2026-11-26T02:10:00Z' : null,
      expires_at: '2026-11-27T02:00:00Z',
      archived_at: null,
      cancel_initiated_at: null,
      results_url: status === 'ended' ? `${baseURL}/v1/messages/batches/msgbatch_1/results` : null,
    },
  };
}

describe('Message Batches mode', () => {
  it('submits pre-selected passages, survives a restart, and accounts results at half price', async () => {
    let baseURL = '';
    const success = messageReply([toolUse('submit_draft', validDraft())], {
      input_tokens: 3000,
      output_tokens: 1000,
    });
    const results = [
      JSON.stringify({ custom_id: 'doobie', result: { type: 'succeeded', message: success.body } }),
      JSON.stringify({
        custom_id: 'nasa',
        result: {
          type: 'errored',
          error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
        },
      }),
    ].join('\n');
    api = await startMockApi([
      () => batchReply(baseURL, 'in_progress'),
      () => batchReply(baseURL, 'in_progress'),
      () => batchReply(baseURL, 'ended'),
      () => batchReply(baseURL, 'ended'),
      { status: 200, body: `${results}\n`, headers: { 'content-type': 'application/binary' } },
    ]);
    baseURL = api.baseURL;
    dir = mkdtempSync(join(tmpdir(), 'batch-'));
    const stateFile = join(dir, 'state.json');
    const doobie = contextOf();
    const nasa = contextOf();
    const broke = contextOf(0.001);
    const state = await submitDraftBatch(
      [
        {
          customId: 'doobie',
          request: { articles: doobieArticles(), sections: SECTIONS },
          ctx: doobie,
        },
        {
          customId: 'nasa',
          request: { articles: [articleOf('nasa-landers-injected.md', 's1')], sections: SECTIONS },
          ctx: nasa,
        },
        {
          customId: 'broke',
          request: { articles: doobieArticles(), sections: SECTIONS },
          ctx: broke,
        },
      ],
      { apiKey: API_KEY, baseURL: api.baseURL },
      stateFile,
    );
    expect(state.batchId).toBe('msgbatch_1');
    expect(state.items.map((i) => i.customId)).toEqual(['doobie', 'nasa']);
    expect(state.refused[0]?.customId).toBe('broke');
    expect(state.refused[0]?.reason).toContain('budget stop in draft');

    const create = api.requests[0]!;
    expect(create.url).toBe('/v1/messages/batches');
    const sent = (
      create.body as unknown as {
        requests: Array<{
          custom_id: string;
          params: {
            tools: Array<{ name: string }>;
            messages: Array<{ content: Array<{ text: string }> }>;
          };
        }>;
      }
    ).requests;
    expect(sent.map((r) => r.custom_id)).toEqual(['doobie', 'nasa']);
    expect(sent[0]!.params.tools.map((t) => t.name)).toEqual(['submit_draft']);
    const passages = sent[0]!.params.messages[0]!.content[1]!.text;
    expect(passages).toContain('<source_text id="s1"');
    expect(passages).toContain('<source_text id="s3"');
    expect(passages.length).toBeLessThan(PRESELECT_MAX_CHARS + 2000);

    // A new process picks the state up from the file and polls to the end.
    const resumed = loadBatchState(stateFile);
    expect(resumed).toEqual(state);
    const waits: number[] = [];
    const outcomes = await pollBatch(
      resumed,
      {
        apiKey: API_KEY,
        baseURL: api.baseURL,
        intervalMs: 1000,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
      (id) => (id === 'doobie' ? doobie : undefined),
    );
    expect(waits).toEqual([1000]);
    const done = outcomes.find((o) => o.customId === 'doobie');
    const failed = outcomes.find((o) => o.customId === 'nasa');
    expect(done && 'output' in done && done.output?.content?.sections).toHaveLength(3);
    const price = PRICES['claude-sonnet-5-5']!;
    const halfUsd = ((3000 * price.inputPerMTok + 1000 * price.outputPerMTok) / 1e6) * 0.5;
    expect(done?.output?.usage.usd).toBeCloseTo(halfUsd, 12);
    expect(done?.output?.usage.outputTokens).toBe(1000);
    expect(done?.output?.calls[0]?.requestId).toBe('msgbatch_1/doobie');
    expect(done?.output?.calls[0]?.elapsedMs).toBe(600_000);
    expect(doobie.budget.spentUsd).toBeCloseTo(halfUsd, 12);
    expect(failed && 'error' in failed && failed.error).toContain('Overloaded');
  });

  it('gives up polling after maxWaitMs, naming the batch', async () => {
    let baseURL = '';
    api = await startMockApi([
      () => batchReply(baseURL, 'in_progress'),
      () => batchReply(baseURL, 'in_progress'),
      () => batchReply(baseURL, 'in_progress'),
    ]);
    baseURL = api.baseURL;
    const state = {
      batchId: 'msgbatch_1',
      model: 'claude-sonnet-5-5',
      submittedAt: '',
      items: [],
      refused: [],
    };
    const error = (await pollBatch(state, {
      apiKey: API_KEY,
      baseURL,
      intervalMs: 10,
      maxWaitMs: 20,
      sleep: () => Promise.resolve(),
    }).catch((e: unknown) => e)) as EngineError;
    expect(error.code).toBe('ENGINE_BATCH_PENDING');
    expect(error.message).toContain('batch msgbatch_1 still in_progress after 20 ms');
    expect(api.requests).toHaveLength(3);
  });

  it('refuses two items with one custom id before anything is sent', async () => {
    api = await startMockApi([]);
    const item = () => ({
      customId: 'doobie',
      request: { articles: doobieArticles(), sections: SECTIONS },
      ctx: contextOf(),
    });
    const error = await submitDraftBatch([item(), item()], {
      apiKey: API_KEY,
      baseURL: api.baseURL,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('custom id "doobie" is used twice');
    expect(api.requests).toHaveLength(0);
  });

  it("asks each item with its topic's thinking effort, as a run of that topic would", async () => {
    api = await startMockApi([
      {
        status: 200,
        body: { ...(batchReply('', 'in_progress').body as object), id: 'msgbatch_2' },
      },
    ]);
    const thrifty = contextOf();
    thrifty.topic.thinking = { effort: 'low' };
    const item = (customId: string, ctx: ReturnType<typeof contextOf>) => ({
      customId,
      request: { articles: doobieArticles(), sections: SECTIONS },
      ctx,
    });
    await submitDraftBatch([item('thrifty', thrifty), item('plain', contextOf())], {
      apiKey: API_KEY,
      baseURL: api.baseURL,
    });
    const sent = api.requests[0]!.body as unknown as {
      requests: Array<{
        custom_id: string;
        params: { max_tokens: number; output_config: { effort: string } };
      }>;
    };
    const byId = new Map(sent.requests.map((r) => [r.custom_id, r.params]));
    expect(byId.get('thrifty')!.output_config.effort).toBe('low');
    expect(byId.get('plain')!.output_config.effort).toBe('medium');
    // The thinking allowance is part of max_tokens: a lower effort asks for less.
    expect(byId.get('thrifty')!.max_tokens).toBeLessThan(byId.get('plain')!.max_tokens);
  });

  it('reports an item cut at max_tokens or answered in text as such, paid for, never validated', async () => {
    let baseURL = '';
    const cut = messageReply(
      [toolUse('submit_draft', validDraft())],
      { output_tokens: 16384 },
      'max_tokens',
    );
    const text = messageReply([{ type: 'text', text: 'Here is the draft: ...' }], {
      output_tokens: 900,
    });
    const results = [
      JSON.stringify({ custom_id: 'texty', result: { type: 'succeeded', message: text.body } }),
      JSON.stringify({ custom_id: 'cut', result: { type: 'succeeded', message: cut.body } }),
    ].join('\n');
    // The SDK retrieves the batch once more for its results URL.
    api = await startMockApi([
      () => batchReply(baseURL, 'ended'),
      () => batchReply(baseURL, 'ended'),
      { status: 200, body: `${results}\n`, headers: { 'content-type': 'application/binary' } },
    ]);
    baseURL = api.baseURL;
    const item = (customId: string) => ({
      customId,
      topic: 'doobie',
      sourceIds: ['s1', 's2', 's3'],
      sections: SECTIONS,
    });
    const state = {
      batchId: 'msgbatch_1',
      model: 'claude-sonnet-5-5',
      submittedAt: '',
      items: [item('cut'), item('texty')],
      refused: [],
    };
    const outcomes = await pollBatch(state, {
      apiKey: API_KEY,
      baseURL,
      sleep: () => Promise.resolve(),
    });
    const byId = new Map(outcomes.map((o) => [o.customId, o]));
    const truncated = byId.get('cut')!;
    expect('error' in truncated && truncated.error).toContain(
      'truncated: the answer was cut at max_tokens inside submit_draft',
    );
    expect(truncated.output?.content).toBeNull();
    expect(truncated.output?.usage.outputTokens).toBe(16384);
    const texty = byId.get('texty')!;
    expect('error' in texty && texty.error).toContain(
      'answered in text without calling submit_draft',
    );
    expect(texty.output?.usage.outputTokens).toBe(900);
  });
});
