/**
 * Critique benchmark: the deterministic critique of a 1,500-word draft against 10 sources of
 * 2,000 words each, in-process. Target: median under 100 ms.
 *
 *   npm run bench:critique [-- --rounds <n>]
 *
 * The sources are real article text from `../shared/eval/critique/cases/<id>/sources`, cut into
 * ten 2,000-word texts; the draft is made of their sentences, each cited, under three sections,
 * with a few quotes. The baseline, measured in the same run, is the least any checker must do:
 * split every text into sentences and words. Prints median and p95 wall ms, median CPU ms (the
 * steadier figure when other processes share the machine), the ratio to the baseline, and the load.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { splitFrontmatter } from '../src/core/frontmatter.js';
import { countWords, splitSentences } from '../src/text/sentences.js';
import { critique } from '../src/stages/critique/checks/index.js';
import { wordsOf } from '../src/text/words.js';
import type { CritiqueInput, SourceText } from '../src/stages/critique/types.js';

const CASES_DIR = '../shared/eval/critique/cases';
const SOURCE_COUNT = 10;
const SOURCE_WORDS = 2000;
const DRAFT_WORDS = 1500;

function main(): void {
  if (!existsSync(CASES_DIR)) {
    console.error(
      `bench:critique: ${CASES_DIR} not found (run from the project root with the eval data present)`,
    );
    process.exitCode = 2;
    return;
  }
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 50;
  const input = inputOf(paragraphPool());
  const draftWords = countWords(input.draft.replace(/^---[\s\S]*?\n---\n/, ''));
  const sourceWords = input.sources.map((source) => countWords(source.text));

  const baseline = (): number => {
    let n = 0;
    for (const text of [input.draft, ...input.sources.map((s) => s.text)]) {
      for (const sentence of splitSentences(text)) n += wordsOf(sentence).length;
    }
    return n;
  };
  let findings = 0;
  // Fresh source objects every round: the critique caches prepared sources per object, and the
  // target is a cold critique (a revision round re-using them costs less).
  const run = (): number =>
    (findings = critique({ ...input, sources: input.sources.map((source) => ({ ...source })) })
      .findings.length);

  // Warm-up: JIT and regex caches, as a long-running pipeline would have them.
  for (let i = 0; i < 5; i++) {
    baseline();
    run();
  }
  const critiqueMs = timesOf(run, rounds);
  const baselineMs = timesOf(baseline, rounds);
  const med = median(critiqueMs.wall);
  const base = median(baselineMs.wall);
  console.log(
    `critique bench: draft ${draftWords} words, ${input.sources.length} sources of ${Math.min(...sourceWords)}-${Math.max(...sourceWords)} words, ${rounds} rounds`,
  );
  console.log(
    `  critique  median ${med.toFixed(2)} ms  p95 ${p95(critiqueMs.wall).toFixed(2)} ms  cpu median ${median(critiqueMs.cpu).toFixed(2)} ms  (${findings} findings)`,
  );
  console.log(
    `  baseline  median ${base.toFixed(2)} ms  p95 ${p95(baselineMs.wall).toFixed(2)} ms  cpu median ${median(baselineMs.cpu).toFixed(2)} ms  (split sentences + words of every text)`,
  );
  console.log(
    `  ratio critique/baseline ${(med / base).toFixed(1)}x (cpu ${(median(critiqueMs.cpu) / median(baselineMs.cpu)).toFixed(1)}x); target median < 100 ms: ${med < 100 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  machine load average (1 min): ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`,
  );
}

/** Paragraphs of every source of every case, in a stable order. */
function paragraphPool(): string[] {
  const pool: string[] = [];
  for (const id of readdirSync(CASES_DIR).sort()) {
    const dir = join(CASES_DIR, id, 'sources');
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const { body } = splitFrontmatter(readFileSync(join(dir, name), 'utf8'));
      pool.push(...body.split(/\n\s*\n/).filter((p) => countWords(p) >= 12));
    }
  }
  return pool;
}

function inputOf(pool: string[]): CritiqueInput {
  const sources: SourceText[] = [];
  let cursor = 0;
  for (let i = 1; i <= SOURCE_COUNT; i++) {
    const paragraphs: string[] = [];
    let words = 0;
    while (words < SOURCE_WORDS) {
      const paragraph = pool[cursor++ % pool.length]!;
      paragraphs.push(paragraph);
      words += countWords(paragraph);
    }
    sources.push({
      id: `s${i}`,
      url: `https://example.org/${i}`,
      title: `Source ${i}`,
      text: paragraphs.join('\n\n'),
    });
  }
  // The draft: sentences taken in turn from each source, each cited, three sections.
  const perSource = sources.map((source) =>
    splitSentences(source.text).filter((s) => countWords(s) >= 8),
  );
  const sections = ['Background', 'What changed', 'What it means'];
  const lines: string[] = [];
  let words = 0;
  for (let k = 0; words < DRAFT_WORDS; k++) {
    if (k % 12 === 0) lines.push('', `## ${sections[(k / 12) % sections.length]}`, '');
    const i = k % SOURCE_COUNT;
    const sentence = perSource[i]![Math.floor(k / SOURCE_COUNT)] ?? perSource[i]![0]!;
    lines.push(`${sentence}[^s${i + 1}]`);
    words += countWords(sentence);
  }
  const frontmatter = [
    '---',
    'title: "Bench draft"',
    'sources:',
    ...sources.map((s) => `  - id: ${s.id}\n    url: ${s.url}\n    title: "${s.title}"`),
    '---',
    '',
  ];
  const footnotes = sources.map((s) => `[^${s.id}]: [${s.title}](${s.url})`);
  return {
    draft: [...frontmatter, ...lines, '', ...footnotes, ''].join('\n'),
    sources,
    done: { minWords: 600, maxWords: 1600, sections, minSources: 3, citationCoverage: 0.9 },
  };
}

interface Times {
  wall: number[];
  /** CPU time of this process (user + system): steadier than wall time on a shared machine. */
  cpu: number[];
}

function timesOf(fn: () => unknown, rounds: number): Times {
  const times: Times = { wall: [], cpu: [] };
  for (let i = 0; i < rounds; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    fn();
    times.wall.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    times.cpu.push((used.user + used.system) / 1000);
  }
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

main();
