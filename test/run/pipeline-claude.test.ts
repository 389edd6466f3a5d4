import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { EngineError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { RunRecord } from '../../src/core/run-record.js';
import { loadTopic } from '../../src/core/topic.js';
import { createClaudeEngine, PRICES } from '../../src/engines/claude/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import {
  API_KEY,
  errorReply,
  messageReply,
  startMockApi,
  thinkingBlock,
  toolUse,
  type MockApi,
  type Recorded,
  type Reply,
} from '../engines/claude/helpers.js';
import { copyExample } from '../helpers/example-copy.js';

// Every draft this stand-in submits carries a figure no source has (a new one each time), so the
// critique always finds an error: the revision rounds must stay bounded.
let submitted = 0;
const submission = () =>
  messageReply(
    [
      toolUse('submit_draft', {
        title: 'Kellerton bets on street trees against summer heat',
        description: 'What the new study, the budget and the ordinance mean for the city.',
        sections: [
          {
            heading: 'Background',
            paragraphs: [
              {
                sentences: [
                  { text: 'Kellerton started its Shade Streets programme in 2021.', cite: ['s3'] },
                ],
              },
            ],
          },
          {
            heading: 'What changed',
            paragraphs: [
              {
                sentences: [
                  { text: 'The council raised the tree budget to $14.2 million.', cite: ['s5'] },
                ],
              },
            ],
          },
          {
            heading: 'What it means',
            paragraphs: [
              {
                sentences: [
                  {
                    text: `The city will plant ${999_990 + ++submitted} trees next year.`,
                    cite: ['s1'],
                  },
                ],
              },
            ],
          },
        ],
      }),
    ],
    {
      input_tokens: 1200,
      output_tokens: 321,
      cache_creation_input_tokens: 900,
      cache_read_input_tokens: 0,
    },
  );

// The model critic's answer: one warning on a sentence every draft above has.
const CRITIC_OUTPUT_TOKENS = 77;
const criticReply = () =>
  messageReply(
    [
      toolUse('report_findings', {
        findings: [
          {
            kind: 'unsupported-citation',
            severity: 'warning',
            sentence: 'Kellerton started its Shade Streets programme in 2021.',
            source: 's3',
            detail: 'the source dates the programme differently',
          },
        ],
      }),
    ],
    { input_tokens: 800, output_tokens: CRITIC_OUTPUT_TOKENS },
  );
const isCritic = (request: Recorded) =>
  request.body.tools.some((tool) => tool.name === 'report_findings');
/** Answers critic requests as the critic, and the others with `draft`. */
const answering =
  (draft: () => Reply) =>
  (request: Recorded): Reply =>
    isCritic(request) ? criticReply() : draft();

let api: MockApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

async function run(root: string) {
  const logs: string[] = [];
  const topic = loadTopic('example', join(root, 'pipelines'));
  const record = await runTopic({
    topic,
    engine: createClaudeEngine({
      apiKey: API_KEY,
      baseURL: api!.baseURL,
      maxRetries: 2,
      reason: 'claude: test',
    }),
    root,
    logger: createLogger('debug', (line) => logs.push(line)),
    progress: (line) => logs.push(line),
    env: { ANTHROPIC_API_KEY: API_KEY },
  });
  return { record, logs };
}

describe('the example run with the Claude engine against a local stand-in', () => {
  it('retries a 529, writes a claude draft whose output tokens are the sum reported, bounded revisions, no key anywhere', async () => {
    api = await startMockApi([
      errorReply(529, 'overloaded_error', 'Overloaded', { 'retry-after': '0' }),
      ...Array.from({ length: 8 }, () => answering(submission)),
    ]);
    const root = copyExample();
    const { record, logs } = await run(root);
    expect(record.outcome).toBe('drafted');
    // 529, the draft, then exactly two revision rounds although every draft fails the critique;
    // the model critic checks each of the three drafts once.
    expect(api.requests).toHaveLength(7);
    expect(api.requests.filter(isCritic)).toHaveLength(3);
    expect(record.details.revisions).toHaveLength(2);
    // Each call is booked under the stage that made it: three critic calls and two revisions.
    expect(record.details.calls.filter((call) => call.step === 'critic')).toHaveLength(3);
    expect(record.details.calls.filter((call) => call.stage === 'critique')).toHaveLength(5);
    expect(record.details.calls.filter((call) => call.stage === 'draft')).toHaveLength(1);
    const text = readFileSync(join(root, record.draft!.path), 'utf8');
    const { data } = splitFrontmatter(text);
    expect(data.engine).toBe('claude:claude-sonnet-5-5');
    // Drafts and critic calls alike are in the draft's cost.
    expect((data.cost as { outputTokens: number }).outputTokens).toBe(
      3 * 321 + 3 * CRITIC_OUTPUT_TOKENS,
    );
    const review = data.review as Array<{ kind: string; detail?: string }>;
    expect(review.some((item) => item.kind === 'number-not-in-source')).toBe(true);
    expect(review.some((item) => item.detail?.startsWith('model critic:'))).toBe(true);
    const report = readFileSync(join(root, '.pipeline', 'runs', record.runId, 'report.md'), 'utf8');
    expect(report).toContain('the source dates the programme differently');
    expect(
      record.notes.filter((note) => note.startsWith('model critic: 1 finding(s) added')),
    ).toHaveLength(3);
    // The critique stage pays for the two revisions and the three critic calls.
    expect(record.usageByStage.critique?.outputTokens).toBe(2 * 321 + 3 * CRITIC_OUTPUT_TOKENS);
    const offered = api.requests[1]!.body.tools.map((tool) => tool.name).sort();
    expect(offered).toEqual(['list_sources', 'read_source', 'search_sources', 'submit_draft']);
    for (const file of [...allFiles(join(root, '.pipeline')), ...allFiles(join(root, 'content'))]) {
      expect(readFileSync(file, 'utf8')).not.toContain(API_KEY);
    }
    expect(logs.join('\n')).not.toContain(API_KEY);
  });

  it('records a 401 on the first revision call as a critique failure, with the critic call and its cost on record', async () => {
    api = await startMockApi([
      submission,
      criticReply,
      errorReply(401, 'authentication_error', 'invalid x-api-key'),
    ]);
    const root = copyExample();
    const error = await run(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).stage).toBe('critique');
    expect((error as EngineError).code).toBe('ENGINE_AUTH');
    // The critic's call was paid for before the revision failed: it travels with the error.
    expect((error as EngineError).calls.map((call) => call.step)).toEqual(['critic']);
    const runs = readdirSync(join(root, '.pipeline', 'runs'));
    const record = JSON.parse(
      readFileSync(join(root, '.pipeline', 'runs', runs[0]!, 'run.json'), 'utf8'),
    ) as RunRecord;
    expect(record.outcome).toBe('failed');
    expect(record.error?.stage).toBe('critique');
    expect(record.message).toMatch(/^critique failed: critique: .*the API key was refused \(401\)/);
    expect(record.details.calls.map((call) => `${call.stage}/${call.step}`)).toEqual([
      'draft/draft',
      'critique/critic',
    ]);
    expect(record.usageByStage.draft?.outputTokens).toBe(321);
    expect(record.usageByStage.critique?.outputTokens).toBe(CRITIC_OUTPUT_TOKENS);
    const report = readFileSync(join(root, '.pipeline', 'runs', runs[0]!, 'report.md'), 'utf8');
    expect(report).toContain('Error in critique');
    expect(existsSync(join(root, 'content', 'pending'))).toBe(false);
  });

  it('stops revising when a revision changes nothing, so the same answer is not bought twice', async () => {
    const same = submission();
    api = await startMockApi(Array.from({ length: 6 }, () => answering(() => same)));
    const { record } = await run(copyExample());
    expect(record.outcome).toBe('drafted');
    // The draft, its critic call, the revision that changed nothing: no second critic call.
    expect(api.requests).toHaveLength(3);
    expect(api.requests.filter(isCritic)).toHaveLength(1);
    expect(record.details.revisions).toEqual([
      { round: 1, errorsBefore: expect.any(Number), removed: [], added: 0 },
    ]);
    expect(record.notes.join(' ')).toContain('changed nothing');
  });

  it('stops with a budget stop before exceeding a $0.01 budget, writes no draft and exits cleanly', async () => {
    api = await startMockApi([submission]);
    const root = copyExample();
    const topicFile = join(root, 'pipelines', 'example.yaml');
    writeFileSync(topicFile, readFileSync(topicFile, 'utf8').replace(/usd: [0-9.]+/, 'usd: 0.01'));
    const { record } = await run(root);
    expect(record.outcome).toBe('budget-stop');
    expect(record.message).toContain('budget stop');
    expect(api.requests).toHaveLength(0);
    expect(existsSync(join(root, 'content', 'pending'))).toBe(false);
    const report = readFileSync(join(root, '.pipeline', 'runs', record.runId, 'report.md'), 'utf8');
    expect(report).toContain('budget stop');
  });

  it('writes a complete draft against an API that thinks, answers empty after a tool result and refuses forced tool_choice; its cost is the usage reported', async () => {
    // Every answer opens with a thinking block the engine must send back unchanged; the first
    // answer after a tool result is an empty end_turn; a forced tool_choice gets a 400 (the
    // stand-in refuses it, an empty message and a changed thinking block by itself).
    const reported: Array<{ input: number; output: number; write: number; read: number }> = [];
    let emptied = false;
    const usage = (input: number, output: number, write: number, read: number) => {
      reported.push({ input, output, write, read });
      return {
        input_tokens: input,
        output_tokens: output,
        output_tokens_details: { thinking_tokens: Math.floor(output / 2) },
        cache_creation_input_tokens: write,
        cache_read_input_tokens: read,
      };
    };
    const withThinking = (reply: Reply, u: ReturnType<typeof usage>): Reply => {
      const body = reply.body as { content: unknown[]; usage: unknown };
      return {
        ...reply,
        body: {
          ...body,
          content: [thinkingBlock('Weigh the sources.'), ...body.content],
          usage: u,
        },
      };
    };
    api = await startMockApi(
      Array.from({ length: 30 }, () => (request: Recorded): Reply => {
        if (isCritic(request)) return withThinking(criticReply(), usage(800, 140, 0, 0));
        const last = request.body.messages.at(-1)!;
        const afterTool = last.content.some((block) => block.type === 'tool_result');
        if (afterTool && !emptied) {
          emptied = true;
          return messageReply([], usage(10, 3, 0, 1500), 'end_turn');
        }
        if (last.role === 'user' && !afterTool && request.body.messages.length === 1)
          return withThinking(
            messageReply([
              toolUse('read_source', { id: 's1', from_paragraph: 1, to_paragraph: 2 }),
            ]),
            usage(1200, 90, 900, 0),
          );
        return withThinking(submission(), usage(30, 400, 300, 2100));
      }),
    );
    const root = copyExample();
    const { record } = await run(root);
    expect(record.outcome).toBe('drafted');
    expect(emptied).toBe(true);
    // No request was refused: every answer of the stand-in was a 200.
    expect(
      api.requests.every(
        (r) =>
          r.body.tool_choice === undefined ||
          (r.body.tool_choice as { type: string }).type === 'auto',
      ),
    ).toBe(true);
    const text = readFileSync(join(root, record.draft!.path), 'utf8');
    const { data, body } = splitFrontmatter(text);
    for (const heading of ['Background', 'What changed', 'What it means'])
      expect(body).toContain(`## ${heading}`);
    const cost = data.cost as {
      inputTokens: number;
      outputTokens: number;
      cacheReadTokens: number;
      cacheWriteTokens: number;
      usd: number;
    };
    const sum = (key: 'input' | 'output' | 'write' | 'read') =>
      reported.reduce((total, u) => total + u[key], 0);
    expect(cost.inputTokens).toBe(sum('input'));
    expect(cost.outputTokens).toBe(sum('output'));
    expect(cost.cacheWriteTokens).toBe(sum('write'));
    expect(cost.cacheReadTokens).toBe(sum('read'));
    const price = PRICES['claude-sonnet-5-5']!;
    const usd =
      (sum('input') * price.inputPerMTok +
        sum('output') * price.outputPerMTok +
        sum('write') * price.cacheWrite5mPerMTok +
        sum('read') * price.cacheReadPerMTok) /
      1e6;
    expect(cost.usd).toBeCloseTo(usd, 6);
  });
});
