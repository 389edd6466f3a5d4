import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterCommand } from '../../src/commands/io.js';
import { registerRunCommand } from '../../src/commands/run.js';
import { createClaudeEngine } from '../../src/engines/claude/index.js';
import type { RunRecord } from '../../src/core/run-record.js';
import { TOOLS } from '../../src/engines/claude/tools.js';
import { API_KEY, errorReply, startMockApi, type MockApi } from '../engines/claude/helpers.js';
import { copyExample } from '../helpers/example-copy.js';
import { runCommand } from '../helpers/run-command.js';

let api: MockApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function estimate(root: string, env: Record<string, string>) {
  // As cli.ts registers it: `auto` with a key chooses Claude, even to estimate.
  const register: RegisterCommand = (program, io) =>
    registerRunCommand(program, io, {
      claude: (options) => Promise.resolve(createClaudeEngine({ ...options, maxRetries: 0 })),
    });
  const args = ['run', 'example', '--estimate', '--json', '-q'];
  const run = await runCommand(register, args, { root, env });
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as RunRecord;
}

describe('run --estimate', () => {
  it('without a key: tokens estimated locally, no draft, no network', async () => {
    const root = copyExample();
    const record = await estimate(root, {});
    expect(record.outcome).toBe('estimated');
    expect(record.message).toMatch(
      /^estimate for claude-sonnet-5-5: about \d+ calls, \d+ input and \d+ output tokens, \$\d+\.\d{4} per draft \(first request \d+ tokens, estimated locally;/,
    );
    expect(existsSync(join(root, 'content', 'pending'))).toBe(false);
    // The month so far and what this run would add; an estimate is no line of the cost ledger.
    expect(record.message).toMatch(
      /; month \d{4}-\d{2} so far: \$0\.0000 in 0 run\(s\) \(no monthly budget\); this run would add about \$\d+\.\d{4} \(at most \$0\.50, its budget\.usd\)/,
    );
    expect(existsSync(join(root, '.research-draft'))).toBe(false);
  });

  it('with a key: the first request counted by the token-counting endpoint, nothing generated', async () => {
    api = await startMockApi([{ status: 200, body: { input_tokens: 1234 } }]);
    const root = copyExample();
    const record = await estimate(root, {
      ANTHROPIC_API_KEY: API_KEY,
      ANTHROPIC_BASE_URL: api.baseURL,
    });
    expect(record.message).toContain('first request 1234 tokens, counted by the API;');
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/messages/count_tokens',
    ]);
    const body = api.requests[0]!.body as unknown as {
      model: string;
      tools: Array<{ name: string }>;
      messages: unknown[];
    };
    expect(body.model).toBe('claude-sonnet-5-5');
    expect(body.tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    // The index, not the sources: a sentence deep in a source is not in the request.
    const page = readFileSync(
      join(root, 'pipelines/example/tree-planting-costs-budget.html'),
      'utf8',
    );
    const deep = /<p>([^<]{80,})<\/p>/g;
    const paragraphs = [...page.matchAll(deep)].map((m) => m[1]!);
    expect(paragraphs.length).toBeGreaterThan(3);
    expect(JSON.stringify(body.messages)).not.toContain(paragraphs.at(-1)!.slice(0, 60));
    expect(JSON.stringify(record)).not.toContain(API_KEY);
    expect(existsSync(join(root, 'content', 'pending'))).toBe(false);
  });

  it('falls back to the local count when the endpoint refuses, and says why', async () => {
    api = await startMockApi([errorReply(401, 'authentication_error', 'invalid x-api-key')]);
    const root = copyExample();
    const record = await estimate(root, {
      ANTHROPIC_API_KEY: API_KEY,
      ANTHROPIC_BASE_URL: api.baseURL,
    });
    expect(record.outcome).toBe('estimated');
    expect(record.message).toMatch(
      /estimated locally \(the token-counting endpoint failed: 401 .*invalid x-api-key/,
    );
    expect(record.message).not.toContain(API_KEY);
  });

  it('with research enabled: the searches a run may make are in the estimate, at the project price', async () => {
    const root = copyExample();
    const topic = join(root, 'pipelines', 'example.yaml');
    writeFileSync(
      topic,
      `${readFileSync(topic, 'utf8')}research: { maxQueries: 4, maxNewSources: 2 }\n`,
    );
    writeFileSync(join(root, '.research-draft.yaml'), 'search: { pricePerQueryUsd: 0.008 }\n');
    const none = await estimate(root, {});
    expect(none.message).toContain(
      '; web research: none (no search provider: set BRAVE_SEARCH_API_KEY, TAVILY_API_KEY or SEARXNG_URL',
    );
    const record = await estimate(root, { SEARXNG_URL: 'http://127.0.0.1:9' });
    expect(record.message).toContain(
      '; web research on searxng: at most 4 queries at $0.0080 = $0.0320 and 2 new sources; budget $0.50',
    );
  });
});
