import { Command } from 'commander';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../src/commands/io.js';
import { registerBatchCommand } from '../../src/commands/batch.js';
import { registerRunCommand } from '../../src/commands/run.js';
import { UsageError } from '../../src/core/errors.js';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import type { RunRecord } from '../../src/core/run-record.js';
import { createClaudeEngine } from '../../src/engines/claude/index.js';
import { PRICES } from '../../src/engines/claude/prices.js';
import type { DraftOutput } from '../../src/stages/draft/types.js';
import {
  API_KEY,
  messageReply,
  startMockApi,
  toolUse,
  type MockApi,
  type Recorded,
  type Reply,
} from '../engines/claude/helpers.js';
import { copyExample } from '../helpers/example-copy.js';

let api: MockApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const sentence = (text: string, cite: string[]) => ({ sentences: [{ text, cite }] });
const DRAFT = {
  title: 'Kellerton bets on street trees against summer heat',
  description: 'What the new study, the budget and the ordinance mean for the city.',
  sections: [
    {
      heading: 'Background',
      paragraphs: [sentence('Kellerton started its Shade Streets programme in 2021.', ['s3'])],
    },
    {
      heading: 'What changed',
      paragraphs: [sentence('The council raised the tree budget to $14.2 million.', ['s5'])],
    },
    {
      heading: 'What it means',
      paragraphs: [sentence('Street trees cool the blocks they shade.', ['s1'])],
    },
  ],
};
const BATCH_USAGE = { input_tokens: 3000, output_tokens: 1000 };
const REVISION_USAGE = { input_tokens: 500, output_tokens: 77 };

/**
 * A stand-in of the Messages and Message Batches APIs: the batch is `in_progress` for the first
 * `pendingPolls` retrievals, then ended with one `submit_draft` result per submitted request.
 * Revision calls (POST /v1/messages) get the same draft back.
 */
function batchesApi(
  pendingPolls: number,
  errored = false,
  truncated = false,
): (request: Recorded) => Reply {
  let baseURL = '';
  let polls = 0;
  let ids: string[] = [];
  const batch = (ended: boolean): Reply => ({
    status: 200,
    body: {
      id: 'msgbatch_1',
      type: 'message_batch',
      processing_status: ended ? 'ended' : 'in_progress',
      request_counts: {
        processing: ended ? 0 : ids.length,
        succeeded: ended ? ids.length : 0,
        errored: 0,
        canceled: 0,
        expired: 0,
      },
      created_at: '2026-11-26T02:00:00Z',
      ended_at: ended ? '2026-11-26T02:05:00Z' : null,
      expires_at: '2026-11-27T02:00:00Z',
      archived_at: null,
      cancel_initiated_at: null,
      results_url: ended ? `${baseURL}/v1/messages/batches/msgbatch_1/results` : null,
    },
  });
  return (request) => {
    baseURL = `http://${request.headers.host}`;
    if (request.method === 'POST' && request.url === '/v1/messages/batches') {
      ids = (request.body as unknown as { requests: Array<{ custom_id: string }> }).requests.map(
        (r) => r.custom_id,
      );
      return batch(false);
    }
    if (request.url === '/v1/messages/batches/msgbatch_1') return batch(++polls > pendingPolls);
    if (request.url === '/v1/messages/batches/msgbatch_1/results') {
      // `truncated`: the answer was cut at max_tokens inside submit_draft (paid, not a draft).
      const message = messageReply(
        [toolUse('submit_draft', DRAFT)],
        BATCH_USAGE,
        truncated ? 'max_tokens' : undefined,
      ).body;
      const error = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
      const lines = ids.map((id) =>
        JSON.stringify({
          custom_id: id,
          result: errored ? { type: 'errored', error } : { type: 'succeeded', message },
        }),
      );
      return {
        status: 200,
        body: `${lines.join('\n')}\n`,
        headers: { 'content-type': 'application/binary' },
      };
    }
    return messageReply([toolUse('submit_draft', DRAFT)], REVISION_USAGE);
  };
}

/**
 * Runs `batch ...` (or `run ...` with `command: 'run'`) against the stand-in API: no retries, and
 * polls that record their waits instead of sleeping.
 */
async function cli(
  root: string,
  args: string[],
  env: Record<string, string>,
  waits: number[] = [],
  command: 'batch' | 'run' = 'batch',
) {
  const out: string[] = [];
  let code: number | null = null;
  const io: CommandIO = {
    out: (text) => out.push(text),
    logger: SILENT_LOGGER,
    root,
    env,
    setExitCode: (n) => {
      code = n;
    },
  };
  const program = new Command().exitOverride();
  const register = command === 'batch' ? registerBatchCommand : registerRunCommand;
  register(program, io, {
    claude: (options) => Promise.resolve(createClaudeEngine({ ...options, maxRetries: 0 })),
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  await program.parseAsync([command, ...args, '--quiet'], { from: 'user' });
  return { out: out.join(''), code };
}

const runCli = (root: string, args: string[], env: Record<string, string>, waits: number[]) =>
  cli(root, args, env, waits, 'run');

const recordOf = (root: string, runId: string) =>
  JSON.parse(readFileSync(join(root, '.pipeline', 'runs', runId, 'run.json'), 'utf8')) as RunRecord;

describe('batch submit and batch poll (nightly bulk mode)', () => {
  it('submits the example topic, collects its draft at batch price through the run, and is idempotent', async () => {
    const router = batchesApi(2);
    api = await startMockApi(Array.from({ length: 40 }, () => router));
    const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: api.baseURL };
    const root = copyExample();

    const submitted = await cli(root, ['submit', 'example', '--json'], env);
    expect(submitted.code).toBe(0);
    const doc = JSON.parse(submitted.out) as {
      batchId: string;
      stateFile: string;
      items: Array<{ customId: string; runId: string }>;
    };
    expect(doc.batchId).toBe('msgbatch_1');
    expect(doc.stateFile).toBe(join('.pipeline', 'batches', 'msgbatch_1.json'));
    const runId = doc.items[0]!.runId;
    const state = JSON.parse(readFileSync(join(root, doc.stateFile), 'utf8')) as {
      runs: Record<string, string>;
    };
    expect(state.runs).toEqual({ '1-example': runId });
    expect(recordOf(root, runId).outcome).toBe('batched');
    expect(recordOf(root, runId).message).toContain('msgbatch_1');
    expect(existsSync(join(root, '.pipeline', 'runs', runId, 'draft.json'))).toBe(false);

    // Once without --wait while the batch is still processing: nothing is written.
    const early = await cli(root, ['poll', doc.stateFile], env);
    expect(early.code).toBe(0);
    expect(early.out).toContain('still processing');
    expect(existsSync(join(root, 'content', 'pending'))).toBe(false);

    const waits: number[] = [];
    const polled = await cli(
      root,
      ['poll', doc.stateFile, '--wait', '--interval', '2', '--json'],
      env,
      waits,
    );
    expect(polled.code).toBe(0);
    expect(waits).toEqual([2000]);
    const collected = (JSON.parse(polled.out) as { collected: Array<{ outcome: string }> })
      .collected;
    expect(collected.map((c) => c.outcome)).toEqual(['drafted']);

    const runDir = join(root, '.pipeline', 'runs', runId);
    const draft = JSON.parse(readFileSync(join(runDir, 'draft.json'), 'utf8')) as DraftOutput;
    const price = PRICES['claude-sonnet-5-5']!;
    const usdOf = (u: typeof BATCH_USAGE) =>
      (u.input_tokens * price.inputPerMTok + u.output_tokens * price.outputPerMTok) / 1e6;
    expect(draft.usage.usd).toBeCloseTo(usdOf(BATCH_USAGE) * 0.5, 12);
    const record = recordOf(root, runId);
    expect(record.outcome).toBe('drafted');
    expect(record.stages.map((s) => `${s.name}:${s.status}`).slice(3)).toEqual([
      'draft:resumed',
      'critique:done',
      'write:done',
    ]);
    const pending = readdirSync(join(root, 'content', 'pending'));
    expect(pending).toHaveLength(1);
    const { data } = splitFrontmatter(
      readFileSync(join(root, 'content', 'pending', pending[0]!), 'utf8'),
    );
    expect(data.engine).toBe('claude:claude-sonnet-5-5');
    // The draft at half price, plus any revision call at the full price.
    const revisions = api.requests.filter((r) => r.url === '/v1/messages').length;
    const cost = data.cost as { usd: number; outputTokens: number };
    expect(cost.outputTokens).toBe(
      BATCH_USAGE.output_tokens + revisions * REVISION_USAGE.output_tokens,
    );
    expect(cost.usd).toBeCloseTo(usdOf(BATCH_USAGE) * 0.5 + revisions * usdOf(REVISION_USAGE), 9);

    // A poll that died after writing the run but before saving the state file: the next poll
    // asks the API again, sees the run written, and writes nothing twice.
    const stateText = readFileSync(join(root, doc.stateFile), 'utf8');
    writeFileSync(
      join(root, doc.stateFile),
      stateText.replace(/"collected": \{[^}]*\}/, '"collected": {}'),
    );
    const revisionsBefore = api.requests.filter((r) => r.url === '/v1/messages').length;
    const redo = await cli(root, ['poll', doc.stateFile, '--json'], env);
    expect(redo.code).toBe(0);
    expect(
      (JSON.parse(redo.out) as { collected: Array<{ outcome: string }> }).collected,
    ).toHaveLength(1);
    expect(api.requests.filter((r) => r.url === '/v1/messages')).toHaveLength(revisionsBefore);
    expect(readdirSync(join(root, 'content', 'pending'))).toEqual(pending);
    expect(readFileSync(join(root, doc.stateFile), 'utf8')).toBe(stateText);
    // The run is not resumed a second time, so its ledger does not count the draft twice.
    expect(recordOf(root, runId).details.calls).toEqual(record.details.calls);

    // Polling again finds everything collected: no request, no new file.
    const calls = api.requests.length;
    const again = await cli(root, ['poll', doc.stateFile], env);
    expect(again.code).toBe(0);
    expect(again.out).toContain('nothing new');
    expect(api.requests).toHaveLength(calls);
    expect(readdirSync(join(root, 'content', 'pending'))).toEqual(pending);
  });

  it('drafts again outside the batch when the batch answer was cut at max_tokens, with the paid call in the ledger and the cost', async () => {
    const router = batchesApi(0, false, true);
    api = await startMockApi(Array.from({ length: 40 }, () => router));
    const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: api.baseURL };
    const root = copyExample();
    const submitted = await cli(root, ['submit', 'example', '--json'], env);
    const doc = JSON.parse(submitted.out) as { stateFile: string; items: Array<{ runId: string }> };
    const polled = await cli(root, ['poll', doc.stateFile, '--json'], env);
    expect(polled.code).toBe(0);
    const runId = doc.items[0]!.runId;
    const record = recordOf(root, runId);
    expect(record.outcome).toBe('drafted');
    expect(record.notes.some((note) => note.includes('drafted again outside the batch'))).toBe(
      true,
    );
    const batchCall = record.details.calls.find((call) => call.step === 'batch');
    expect(batchCall).toMatchObject({ stage: 'draft', requestId: 'msgbatch_1/1-example' });
    const drafts = record.details.calls.filter((call) => call.step === 'draft');
    expect(drafts.length).toBeGreaterThan(0);
    const draftOutput = [batchCall!, ...drafts].reduce(
      (sum, call) => sum + call.usage.outputTokens,
      0,
    );
    expect(record.usageByStage.draft?.outputTokens).toBe(draftOutput);
    const pending = readdirSync(join(root, 'content', 'pending'));
    const { data } = splitFrontmatter(
      readFileSync(join(root, 'content', 'pending', pending[0]!), 'utf8'),
    );
    const critique = record.usageByStage.critique?.outputTokens ?? 0;
    expect((data.cost as { outputTokens: number }).outputTokens).toBe(draftOutput + critique);
  });

  it('records an errored request as a failed run, exits 1, and does not retry it on the next poll', async () => {
    const router = batchesApi(0, true);
    api = await startMockApi(Array.from({ length: 10 }, () => router));
    const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: api.baseURL };
    const root = copyExample();
    const submitted = await cli(root, ['submit', 'example', '--json'], env);
    const doc = JSON.parse(submitted.out) as { stateFile: string; items: Array<{ runId: string }> };
    const polled = await cli(root, ['poll', doc.stateFile], env);
    expect(polled.code).toBe(1);
    expect(polled.out).toContain('Overloaded');
    const record = recordOf(root, doc.items[0]!.runId);
    expect(record.outcome).toBe('failed');
    expect(record.error?.message).toContain('Overloaded');
    expect(existsSync(join(root, 'content', 'pending'))).toBe(false);
    const calls = api.requests.length;
    expect((await cli(root, ['poll', doc.stateFile], env)).out).toContain('nothing new');
    expect(api.requests).toHaveLength(calls);
  });

  it('run --batch submits, waits for the batch and writes the draft in one command', async () => {
    const router = batchesApi(1);
    api = await startMockApi(Array.from({ length: 40 }, () => router));
    const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: api.baseURL };
    const root = copyExample();
    const waits: number[] = [];
    const run = await runCli(root, ['example', '--batch', '--interval', '5'], env, waits);
    expect(run.code).toBe(0);
    expect(run.out).toContain('batch msgbatch_1: 1 draft(s) of 1 topic(s) at half price');
    expect(run.out).toMatch(/batch msgbatch_1: ended\nexample: drafted: /);
    expect(waits).toEqual([5000]);
    expect(api.requests.filter((r) => r.url === '/v1/messages/batches')).toHaveLength(1);
    const pending = readdirSync(join(root, 'content', 'pending'));
    expect(pending).toHaveLength(1);
    const { data } = splitFrontmatter(
      readFileSync(join(root, 'content', 'pending', pending[0]!), 'utf8'),
    );
    expect(data.engine).toBe('claude:claude-sonnet-5-5');
    const state = JSON.parse(
      readFileSync(join(root, '.pipeline', 'batches', 'msgbatch_1.json'), 'utf8'),
    ) as { collected: Record<string, string> };
    expect(state.collected).toEqual({ '1-example': 'drafted' });
  });

  it('run takes several topics only with --batch, and refuses what --batch cannot do', async () => {
    const root = copyExample();
    const env = { ANTHROPIC_API_KEY: API_KEY };
    const several = await runCli(root, ['example', 'example'], env, []).catch((e: unknown) => e);
    expect(several).toBeInstanceOf(UsageError);
    expect((several as Error).message).toContain('several topics run together only with --batch');
    const interval = await runCli(
      root,
      ['example', '--batch', '--interval', 'soon'],
      env,
      [],
    ).catch((e: unknown) => e);
    expect(interval).toBeInstanceOf(UsageError);
    expect((interval as Error).message).toContain('--interval must be a number of seconds');
    for (const flag of [['--estimate'], ['--resume', 'x'], ['--engine', 'offline']]) {
      const error = await runCli(root, ['example', '--batch', ...flag], env, []).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain('cannot be used with --batch');
    }
    expect(existsSync(join(root, '.pipeline'))).toBe(false);
  });

  it('refuses to run without ANTHROPIC_API_KEY', async () => {
    const root = copyExample();
    const error = await cli(root, ['submit', 'example'], {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('ANTHROPIC_API_KEY');
    expect(existsSync(join(root, '.pipeline'))).toBe(false);
  });
});
