/**
 * bench:pipeline — wall time of the offline example run, `node dist/cli.js run example` in a fresh
 * copy of the example each time (median of 5), against the same machine's bare Node start-up
 * measured in the same run, plus the pipeline's own time from the run record (stage times).
 *
 * Target (issue 3): wall time under 2 s, the pipeline itself under 0.5 s.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyExample, REPO_ROOT } from '../test/helpers/example-copy.js';

const RUNS = 5;
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run `npm run build` first');
  process.exit(1);
}
const { ANTHROPIC_API_KEY: _key, ...env } = process.env;

function timed(args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const node: number[] = [];
const wall: number[] = [];
const inside: number[] = [];
const stageTimes = new Map<string, number[]>();
for (let i = 0; i < RUNS; i++) {
  node.push(timed(['-e', '0'], REPO_ROOT));
  const root = copyExample();
  wall.push(timed([CLI, 'run', 'example', '-q'], root));
  const runId = readdirSync(join(root, '.pipeline', 'runs'))[0]!;
  const record = JSON.parse(
    readFileSync(join(root, '.pipeline', 'runs', runId, 'run.json'), 'utf8'),
  ) as {
    outcome: string;
    stages: Array<{ name: string; elapsedMs: number }>;
  };
  if (record.outcome !== 'drafted') throw new Error(`run ${i + 1}: outcome ${record.outcome}`);
  inside.push(record.stages.reduce((sum, stage) => sum + stage.elapsedMs, 0));
  for (const stage of record.stages)
    stageTimes.set(stage.name, [...(stageTimes.get(stage.name) ?? []), stage.elapsedMs]);
}

const fmt = (ms: number) => `${Math.round(ms)} ms`;
console.log(
  `offline example run, median of ${RUNS} (fresh copy each time), Node ${process.version}`,
);
console.log(`  wall time (node dist/cli.js run example): ${fmt(median(wall))}   target < 2000 ms`);
console.log(`  pipeline itself (sum of stage times):     ${fmt(median(inside))}   target < 500 ms`);
console.log(`  bare Node start-up (node -e 0):           ${fmt(median(node))}`);
console.log(`  start-up + module loading (wall - stages): ${fmt(median(wall) - median(inside))}`);
console.log(`  wall / bare Node start-up: ${(median(wall) / median(node)).toFixed(1)}x`);
console.log('  per stage (median):');
for (const [name, times] of stageTimes) console.log(`    ${name.padEnd(9)} ${fmt(median(times))}`);
