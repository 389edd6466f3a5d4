/**
 * bench:tokens — token discipline of the Claude engine, with no network and no key.
 *
 * For two topics (the example topic's pages, extracted with the extract stage; and 12 real pages
 * whose gold article text from ../shared/eval/extract/gold.jsonl stands in for the extracted
 * text) it prints the bytes and estimated tokens of the engine's first request against the full
 * text of the sources (target, issue 7: first request under 25% of the sources), then drafts once
 * per topic against a stand-in Messages API started here (search, two reads, submit; usage
 * computed from the request sizes with prefix caching) and prints calls, tokens and dollars per
 * draft, next to the baseline measured in the same run: one call with every source pasted in.
 * Issue 16: every figure counts thinking (billed as output; the stand-in thinks an eighth of the
 * stage's allowance on a read turn and half of it on the submitting turn, as the estimate
 * assumes), tokens are counted with each model's tokenizer figure, and each model of the table
 * gets its own row with its own cache prices.
 */
import { loadConfig } from '../src/core/config.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Budget } from '../src/core/budget.js';
import type { StageContext } from '../src/core/context.js';
import { SILENT_LOGGER } from '../src/core/logger.js';
import { countWords, splitSentences } from '../src/text/sentences.js';
import { parseTopic, type Topic } from '../src/core/topic.js';
import {
  createClaudeEngine,
  estimateDraftCost,
  MODELS,
  type ModelSpec,
} from '../src/engines/claude/index.js';
import { usdOf } from '../src/engines/claude/prices.js';
import { thinkingParamsOf } from '../src/engines/claude/thinking.js';
import { SYSTEM_PROMPT } from '../src/engines/claude/prompt.js';
import { TOOLS } from '../src/engines/claude/tools.js';
import { estimateTokens } from '../src/engines/claude/tokens.js';
import { extractArticle } from '../src/stages/extract/extract-article.js';
import type { Article } from '../src/stages/extract/types.js';

const ROOT = resolve(import.meta.dirname, '..');
const SECTIONS = ['Background', 'What changed', 'What it means'];

function articleOf(
  id: string,
  url: string,
  title: string | null,
  markdown: string,
  extra: Partial<Article> = {},
): Article {
  return {
    id,
    url,
    title,
    author: null,
    published: null,
    canonicalUrl: url,
    lang: 'en',
    siteName: null,
    markdown,
    text: markdown,
    hidden: [],
    from: url,
    sha256: createHash('sha256').update(markdown).digest('hex'),
    words: countWords(markdown),
    ...extra,
  };
}

function exampleArticles(): Article[] {
  const dir = join(ROOT, 'pipelines', 'example');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.html') && !name.startsWith('syndicated-'))
    .sort()
    .map((name, i) => {
      const page = extractArticle(readFileSync(join(dir, name), 'utf8'), {
        url: `https://kellerton.example/${name}`,
      });
      return articleOf(
        `s${i + 1}`,
        `https://kellerton.example/${name}`,
        page.title,
        page.markdown,
        { published: page.published, siteName: page.siteName },
      );
    });
}

function goldArticles(count: number): Article[] {
  const file = join(ROOT, '..', 'shared', 'eval', 'extract', 'gold.jsonl');
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(0, count)
    .map((line) => JSON.parse(line) as { url: string; text: string });
  return rows.map((row, i) => {
    const slug = new URL(row.url).pathname.split('/').filter(Boolean).pop() ?? row.url;
    return articleOf(
      `s${i + 1}`,
      row.url,
      slug.replace(/[-_]+/g, ' ').replace(/\.html?$/, ''),
      row.text,
    );
  });
}

function topicOf(title: string): Topic {
  const yaml = `title: "${title}"\ndescription: "What the sources report."\nsources:\n  - page: https://example.org/\ndone:\n  minWords: 600\n  maxWords: 1200\n  sections: [${SECTIONS.join(', ')}]\n  minSources: 3\nbudget:\n  usd: 5\n`;
  return parseTopic(yaml, join(ROOT, 'pipelines', 'bench.yaml'));
}

interface Body {
  messages: Array<{ role: string; content: Array<{ type: string; text?: string }> }>;
}

/** A stand-in model: search, read two sources, then submit a draft built from their sentences. */
async function startStandIn(articles: Article[], spec: ModelSpec) {
  const allowance = thinkingParamsOf(spec, 'draft').thinkingTokens;
  let previousTokens = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as Body;
      const turn = body.messages.filter((m) => m.role === 'assistant').length;
      const tokens = estimateTokens(raw, spec.charsPerToken);
      const input =
        turn === 0
          ? {
              input_tokens: 20,
              cache_creation_input_tokens: tokens - 20,
              cache_read_input_tokens: 0,
            }
          : {
              input_tokens: 0,
              cache_creation_input_tokens: tokens - previousTokens,
              cache_read_input_tokens: previousTokens,
            };
      previousTokens = tokens;
      const content =
        turn === 0
          ? [
              {
                type: 'tool_use',
                id: 't0',
                name: 'search_sources',
                input: { query: articles[0]?.title ?? 'news' },
              },
            ]
          : turn <= 2
            ? [
                {
                  type: 'tool_use',
                  id: `t${turn}`,
                  name: 'read_source',
                  input: { id: `s${turn}`, from_paragraph: 1, to_paragraph: 8 },
                },
              ]
            : [{ type: 'tool_use', id: 't9', name: 'submit_draft', input: draftFrom(articles) }];
      const thinking = Math.round(turn <= 2 ? allowance / 8 : allowance / 2);
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${turn}` });
      res.end(
        JSON.stringify({
          id: `msg_${turn}`,
          type: 'message',
          role: 'assistant',
          model: spec.id,
          content: [{ type: 'thinking', thinking: '', signature: `sig${turn}` }, ...content],
          stop_reason: 'tool_use',
          stop_sequence: null,
          usage: {
            ...input,
            output_tokens: estimateTokens(JSON.stringify(content), spec.charsPerToken) + thinking,
            output_tokens_details: { thinking_tokens: thinking },
          },
        }),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reset: () => (previousTokens = 0),
    close: () => server.close(),
  };
}

/** About 900 words of source sentences spread over the sections, each cited. */
function draftFrom(articles: Article[]) {
  const pool = articles.slice(0, 3).flatMap((a) =>
    splitSentences(a.text)
      .slice(0, 15)
      .map((text) => ({ text, cite: [a.id] })),
  );
  const sections = SECTIONS.map((heading, i) => ({
    heading,
    paragraphs: [{ sentences: pool.filter((_, j) => j % SECTIONS.length === i).slice(0, 12) }],
  }));
  return { title: 'Bench draft', description: 'What the sources report.', sections };
}

function contextOf(topic: Topic): StageContext {
  return {
    topic,
    root: ROOT,
    runId: 'bench',
    runDir: ROOT,
    cacheDir: ROOT,
    contentDir: ROOT,
    config: loadConfig(ROOT),
    logger: SILENT_LOGGER,
    now: () => new Date(),
    env: {},
    budget: new Budget(5),
    net: {},
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function bench(name: string, articles: Article[]): Promise<void> {
  const topic = topicOf(name);
  const request = { articles, sections: SECTIONS };
  const first = estimateDraftCost(request, topic, 'claude-sonnet-5-5');
  console.log(
    `\n## ${name}: ${articles.length} sources, ${articles.reduce((s, a) => s + a.words, 0)} words`,
  );
  console.log(
    `first request: ${kb(first.requestBytes)} of ${kb(first.sourceBytes)} of source text = ${pct(first.requestBytes / first.sourceBytes)} (target < 25%)`,
  );
  const fixedBytes = Buffer.byteLength(JSON.stringify(TOOLS)) + Buffer.byteLength(SYSTEM_PROMPT);
  const variable = first.requestBytes - fixedBytes;
  console.log(
    `  of which fixed (tools + system prompt, same for every topic): ${kb(fixedBytes)}; topic + source index + JSON: ${kb(variable)} = ${pct(variable / first.sourceBytes)} of the sources`,
  );
  console.log(
    '\n| model | first request tokens | per draft (stand-in): calls, in uncached/write/read, out (thinking) | $ per draft | baseline, all text in one prompt | engine/baseline | estimate (no network) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const spec of Object.values(MODELS)) {
    const estimate = estimateDraftCost(request, topic, spec.id);
    const standIn = await startStandIn(articles, spec);
    try {
      const engine = createClaudeEngine({
        apiKey: 'bench-key',
        baseURL: standIn.baseURL,
        model: spec.id,
        maxRetries: 0,
      });
      const output = await engine.draft(request, contextOf(topic));
      const u = output.usage;
      const thinking = /(\d+) thinking token/.exec(output.notes.join(' '))?.[1] ?? '?';
      // Baseline in the same run: one call with every source pasted into the prompt, the same
      // answer and the thinking of one submitting turn, uncached.
      const sourceTokens = articles.reduce(
        (sum, a) => sum + estimateTokens(a.markdown, spec.charsPerToken),
        0,
      );
      const stuffedInput = estimateTokens(SYSTEM_PROMPT, spec.charsPerToken) + sourceTokens + 200;
      const stuffedOutput =
        u.outputTokens -
        Number(thinking) +
        Math.round(thinkingParamsOf(spec, 'draft').thinkingTokens / 2);
      const stuffedUsd = usdOf(
        {
          inputTokens: stuffedInput,
          outputTokens: stuffedOutput,
          cacheWrite5mTokens: 0,
          cacheWrite1hTokens: 0,
          cacheReadTokens: 0,
        },
        spec.price,
      );
      console.log(
        `| ${spec.id}${spec.price.assumed ? ' (price partly assumed)' : ''} | ${estimate.firstRequestTokens} | ${output.calls.length}, ${u.inputTokens}/${u.cacheWriteTokens}/${u.cacheReadTokens}, ${u.outputTokens} (${thinking}) | $${u.usd.toFixed(4)} | ${stuffedInput} in, ${stuffedOutput} out: $${stuffedUsd.toFixed(4)} | ${(u.usd / stuffedUsd).toFixed(2)}x | ${estimate.calls} calls, ${estimate.outputTokens} out (${estimate.thinkingTokens} thinking), $${estimate.usd.toFixed(4)} |`,
      );
    } finally {
      standIn.close();
    }
  }
}

console.log(
  "bench:tokens — every model of src/engines/claude/models.ts, thinking included, tokens = chars / the model's chars per token",
);
await bench('example topic (pipelines/example pages, extracted)', exampleArticles());
if (existsSync(join(ROOT, '..', 'shared', 'eval', 'extract', 'gold.jsonl'))) {
  await bench('12 real pages (eval/extract gold text)', goldArticles(12));
} else {
  console.log('\n../shared/eval/extract/gold.jsonl is absent: the 12-page set is skipped');
}
