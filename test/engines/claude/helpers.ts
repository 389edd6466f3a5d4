/**
 * Test helpers: a local stand-in for the Messages API (node:http on 127.0.0.1, port 0), articles
 * built from the real texts in test/fixtures/claude/, and a StageContext.
 */
import { createClaudeEngine } from '../../../src/engines/claude/index.js';
import { loadConfig } from '../../../src/core/config.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Budget } from '../../../src/core/budget.js';
import type { StageContext } from '../../../src/core/context.js';
import { SILENT_LOGGER } from '../../../src/core/logger.js';
import { countWords } from '../../../src/text/sentences.js';
import { parseTopic } from '../../../src/core/topic.js';
import type { Article } from '../../../src/stages/extract/types.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/claude');
export const API_KEY = 'sk-ant-test-0123456789-secret';

/** A request the stand-in received. */
export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: RequestBody;
}

/** A content block of a request, loosely typed: tests read what the engine sent. */
export interface Block {
  type: string;
  text?: string;
  id?: string;
  tool_use_id?: string;
  thinking?: string;
  signature?: string;
  content?: string;
  is_error?: boolean;
  cache_control?: unknown;
}

/** The parts of a Messages API request body the tests look at. */
export interface RequestBody {
  model: string;
  max_tokens: number;
  system: Block[];
  tools: Array<{ name: string; strict?: boolean }>;
  tool_choice: unknown;
  thinking?: unknown;
  output_config?: { effort?: string };
  messages: Array<{ role: string; content: Block[] }>;
}

/** A scripted answer. `delayMs` holds the answer back (for timeouts). */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** The stand-in server. */
export interface MockApi {
  baseURL: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/**
 * Starts a stand-in Messages API answering each request with the next scripted reply (a function
 * sees the request). With no reply left it answers 400, which the SDK does not retry.
 */
export async function startMockApi(
  replies: Array<Reply | ((request: Recorded) => Reply)>,
): Promise<MockApi> {
  const requests: Recorded[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: Recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: (text ? JSON.parse(text) : null) as RequestBody,
      };
      requests.push(recorded);
      // What the real API refuses, it refuses before any scripted answer is used.
      const refused = isMessagesCall(recorded) ? refusalOf(recorded.body) : undefined;
      const script = refused ? undefined : replies[next++];
      const reply: Reply =
        refused ??
        (typeof script === 'function'
          ? script(recorded)
          : (script ?? errorReply(400, 'invalid_request_error', 'mock: no scripted reply left')));
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, {
          'content-type': 'application/json',
          'request-id': `req_${requests.length}`,
          ...reply.headers,
        });
        res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Usage as the API reports it. */
export interface ApiUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** Thinking tokens, already counted in `output_tokens` (the 5.x models think by default). */
  output_tokens_details?: { thinking_tokens: number };
}

function isMessagesCall(request: Recorded): boolean {
  return request.method === 'POST' && request.url.split('?')[0] === '/v1/messages';
}

/** Models whose API refuses a forced `tool_choice` (`tool` or `any`) with a 400. */
const NO_FORCED_TOOL_CHOICE = /^claude-(opus|sonnet|haiku|fable)-5-5|^claude-fable-5-[12]/;
/** Models that cannot turn thinking off (a 400 for `disabled` or a manual budget). */
const THINKING_ALWAYS_ON = /^claude-(opus-5-5|fable-5-[12])/;

/**
 * The 400s of the documented API for what this engine could get wrong; undefined when the
 * request is one the API accepts. The messages are the API's where they are documented or
 * quoted in issue 16; the forced tool_choice wording is not documented (ASSUMED), which is why the
 * engine must never depend on it.
 */
export function refusalOf(body: RequestBody): Reply | undefined {
  const bad = (message: string) => errorReply(400, 'invalid_request_error', message);
  const choice = body.tool_choice as { type?: string } | undefined;
  if ((choice?.type === 'tool' || choice?.type === 'any') && NO_FORCED_TOOL_CHOICE.test(body.model))
    return bad(
      `tool_choice.type "${choice.type}" is not supported for ${body.model}: forced tool use is not available on this model; use "auto"`,
    );
  const thinking = body.thinking as { type?: string } | undefined;
  if (thinking?.type && thinking.type !== 'adaptive' && THINKING_ALWAYS_ON.test(body.model))
    return bad(
      `"thinking.type.${thinking.type}" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.`,
    );
  if (thinking?.type === 'disabled' && /^claude-sonnet-5-5/.test(body.model))
    return bad(
      `"thinking.type.disabled" is not supported for this model. Use "thinking.type.between_tools" to turn off up-front thinking.`,
    );
  const marks = JSON.stringify(body).split('"cache_control"').length - 1;
  if (marks > 4)
    return bad(`A maximum of 4 blocks with cache_control may be provided. Found ${marks}.`);
  const last = body.messages.length - 1;
  for (const [i, message] of body.messages.entries()) {
    const content = message.content as unknown;
    const empty = Array.isArray(content) ? content.length === 0 : content === '';
    if (empty && !(i === last && message.role === 'assistant'))
      return bad(
        `messages.${i}: all messages must have non-empty content except for the optional final assistant message`,
      );
    if (!Array.isArray(content)) continue;
    for (const [j, block] of (content as Block[]).entries()) {
      if (block.type === 'text' && !block.text)
        return bad(`messages.${i}.content.${j}: text content blocks must be non-empty`);
      if (block.type === 'thinking' && block.signature !== signatureOf(block.thinking ?? ''))
        return bad(`messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
    }
    // Every tool_use must be answered by a tool_result in the next (user) message.
    if (message.role === 'assistant') {
      const uses = (content as Block[]).filter((b) => b.type === 'tool_use').map((b) => b.id);
      const next = body.messages[i + 1]?.content;
      const answered = new Set(
        (next ?? []).filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id),
      );
      const missing = uses.filter((id) => !answered.has(id));
      if (missing.length > 0 && i !== last)
        return bad(
          `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
    }
  }
  return undefined;
}

/** The stand-in's thinking signature: the API's is opaque; this one only proves the block came back unchanged. */
export function signatureOf(thinking: string): string {
  return createHash('sha256').update(`stand-in:${thinking}`).digest('base64');
}

/** A `thinking` content block as the API returns it (text, and the signature it checks on the way back). */
export function thinkingBlock(thinking = ''): {
  type: 'thinking';
  thinking: string;
  signature: string;
} {
  return { type: 'thinking', thinking, signature: signatureOf(thinking) };
}

let toolIds = 0;

/** A `tool_use` content block. */
export function toolUse(
  name: string,
  input: unknown,
): { type: 'tool_use'; id: string; name: string; input: unknown } {
  return { type: 'tool_use', id: `toolu_${++toolIds}`, name, input };
}

/** A 200 Messages API answer. */
export function messageReply(
  content: unknown[],
  usage: Partial<ApiUsage> = {},
  stopReason?: string,
): Reply {
  const hasTool = content.some((block) => (block as { type: string }).type === 'tool_use');
  return {
    status: 200,
    body: {
      id: `msg_${toolIds}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-5-5',
      content,
      stop_reason: stopReason ?? (hasTool ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      usage: {
        input_tokens: 100,
        output_tokens: 50,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        ...usage,
      },
    },
  };
}

/** An API error answer. */
export function errorReply(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  return { status, body: { type: 'error', error: { type, message } }, headers };
}

/** Loads a fixture as an Article with the given id. */
export function articleOf(file: string, id: string): Article {
  const raw = readFileSync(join(FIXTURES, file), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(raw);
  const meta = (match ? parseYaml(match[1] ?? '') : {}) as { url: string; title: string };
  const markdown = raw.slice(match?.[0].length ?? 0).trim();
  return {
    id,
    url: meta.url,
    title: meta.title,
    author: null,
    published: '2019-11-20',
    canonicalUrl: meta.url,
    lang: 'en',
    siteName: null,
    markdown,
    text: markdown,
    hidden: [],
    from: meta.url,
    sha256: createHash('sha256').update(markdown).digest('hex'),
    words: countWords(markdown),
  };
}

/** The three Doobie Brothers sources of critique case p18, as s1-s3. */
export function doobieArticles(): Article[] {
  return [
    articleOf('doobie-billboard.md', 's1'),
    articleOf('doobie-rollingstone.md', 's2'),
    articleOf('doobie-cleveland.md', 's3'),
  ];
}

/** Required sections of the fixture topic. */
export const SECTIONS = ['The announcement', 'The tour', 'What else is coming'];

/** A StageContext around the fixture topic with a budget of `budgetUsd`. */
export function contextOf(budgetUsd = 0.5): StageContext {
  const topic = parseTopic(
    readFileSync(join(FIXTURES, 'topic.yaml'), 'utf8'),
    join(FIXTURES, 'doobie.yaml'),
  );
  return {
    topic,
    root: FIXTURES,
    runId: 'test-run',
    runDir: join(FIXTURES, '.no-run'),
    cacheDir: join(FIXTURES, '.no-cache'),
    contentDir: join(FIXTURES, '.no-content'),
    config: loadConfig(FIXTURES),
    logger: SILENT_LOGGER,
    now: () => new Date('2026-11-26T02:00:00Z'),
    env: {},
    budget: new Budget(budgetUsd),
    net: {},
  };
}

/** A valid submit_draft input for the fixture topic; its first section, without a heading, is the intro. */
export function validDraft(): Record<string, unknown> {
  const sentence = (text: string, cite: string[]) => ({ text, cite });
  return {
    title: 'The Doobie Brothers reunite for a 50th anniversary tour',
    description: 'The band and Michael McDonald will tour North America in 2020.',
    sections: [
      {
        heading: '',
        paragraphs: [
          { sentences: [sentence('The Doobie Brothers are going back on the road.', ['s1'])] },
        ],
      },
      {
        heading: 'The announcement',
        paragraphs: [
          {
            sentences: [
              sentence('Founding members will reunite for a North American tour.', ['s1', 's2']),
            ],
          },
        ],
      },
      {
        heading: 'The tour',
        paragraphs: [{ sentences: [sentence('The 30-date run kicks off in June 2020.', ['s1'])] }],
      },
      {
        heading: 'What else is coming',
        paragraphs: [{ sentences: [sentence('A show at Blossom is planned.', ['s3'])] }],
      },
    ],
  };
}

/** The Claude engine against a stand-in: no retries unless `extra` asks, 5 s per attempt. */
export function engineFor(
  mock: MockApi,
  extra: Partial<Parameters<typeof createClaudeEngine>[0]> = {},
): ReturnType<typeof createClaudeEngine> {
  return createClaudeEngine({
    apiKey: API_KEY,
    baseURL: mock.baseURL,
    maxRetries: 0,
    timeoutMs: 5000,
    ...extra,
  });
}
