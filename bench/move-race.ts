/**
 * Promote/reject race: `--pairs` drafts (default 30), each promoted and rejected at once by two
 * real `node dist/cli.js` processes, all started together. Every draft must end in exactly one
 * place (content/posts/ or content/.rejected/); the test runs a smaller count
 * (`test/commands/concurrency.test.ts`) to stay quick on 2 shared cores.
 *
 *   npm run bench:move-race [-- --pairs <n>]
 *
 * Prints the wall time, the exit codes, the load average, and any draft not in exactly one place
 * (exit code 1 then).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const CLI = resolve(import.meta.dirname, '..', 'dist', 'cli.js');
const DRAFT = '---\ntitle: City heat\nstatus: pending\n---\n\nA sentence.\n';

function cli(args: string[], cwd: string): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
    child.on('error', fail);
    child.on('close', done);
  });
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--pairs');
  const pairs = at > 0 ? Number(process.argv[at + 1]) : 30;
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const root = mkdtempSync(join(tmpdir(), 'move-race-'));
  writeFileSync(join(root, 'package.json'), '{}');
  mkdirSync(join(root, 'pipelines'));
  mkdirSync(join(root, 'content', 'pending'), { recursive: true });
  const names = Array.from({ length: pairs }, (_, i) => `draft-${i}.md`);
  for (const name of names) writeFileSync(join(root, 'content', 'pending', name), DRAFT);
  const started = performance.now();
  const codes = await Promise.all(
    names.flatMap((name) => [
      cli(['promote', `content/pending/${name}`], root),
      cli(['reject', `content/pending/${name}`, '--reason', 'race'], root),
    ]),
  );
  const seconds = (performance.now() - started) / 1000;
  const wrong = names.filter(
    (name) =>
      ['pending', 'posts', '.rejected'].filter((folder) =>
        existsSync(join(root, 'content', folder, name)),
      ).length !== 1 || existsSync(join(root, 'content', 'pending', name)),
  );
  const count = (code: number) => codes.filter((c) => c === code).length;
  console.log(
    `${pairs} pairs (${pairs * 2} processes): ${seconds.toFixed(1)} s wall; exit 0: ${count(0)}, exit 2: ${count(2)}, other: ${codes.length - count(0) - count(2)}; ` +
      `drafts not in exactly one place: ${wrong.length}${wrong.length ? ` (${wrong.join(', ')})` : ''}; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  if (wrong.length > 0) process.exitCode = 1;
}

await main();
