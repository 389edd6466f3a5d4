/**
 * bench:dedupe — the corpus index and the dedupe measure, against the `minhash` package.
 *
 *   npm run bench:dedupe                 everything (builds a 100,000-post corpus in the temp folder)
 *   npx tsx bench/dedupe.ts --pairs-only the pair-set table only (seconds)
 *   --posts N                            corpus size (default 100000)
 *   --index-only                         our index only: no pair table, no minhash package phase
 *
 * Each implementation runs in its own child process so that its peak RSS is its own; ours runs
 * the compiled code (dist/) with the cold build, the warm load and the update each in a new
 * process, as successive runs of `npm run pipeline` would.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listCorpusFiles } from '../src/corpus/corpus-files.js';
import { fastTextOf } from '../src/corpus/text/fast-text.js';
import { DEFAULT_FINGERPRINT, fingerprintOf } from '../src/corpus/signature/fingerprint.js';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import { pairTableOf, readPairs, scorePairs, type LabelledPair } from './pair-eval.js';
import { shingleWordsOf } from '../src/corpus/signature/shingles.js';
import { DEFAULT_CONTAINMENT, DEFAULT_JACCARD } from '../src/corpus/signature/similarity.js';
import { fingerprintOnWorkers } from '../src/corpus/workers/worker-pool.js';
import { mulberry32 } from './random.js';

const EVAL = '../shared/eval';
const CORPUS = join(EVAL, 'corpus');
const PAIRS = join(EVAL, 'dedupe', 'pairs.jsonl');
const SAMPLE = 5000;
const args = process.argv.slice(2);
const POSTS = Number(args[args.indexOf('--posts') + 1]) || 100_000;

interface MinhashInstance {
  hashvalues: number[];
  update(s: string): void;
  jaccard(o: MinhashInstance): number;
}
interface MinhashModule {
  Minhash: new (c?: { numPerm?: number }) => MinhashInstance;
  LshIndex: new (c?: { bandSize?: number }) => {
    insert(k: string, m: MinhashInstance): void;
    query(m: MinhashInstance): string[];
  };
}
const pkg = createRequire(import.meta.url)('minhash') as MinhashModule;

/** The package's signature over the same text and 3-word shingles as ours. */
function packageSignatureOf(markdown: string): { sig: MinhashInstance; size: number } {
  const words = shingleWordsOf(fastTextOf(markdown));
  const shingles = new Set<string>();
  for (let i = 0; i + 3 <= Math.max(3, words.length); i++)
    shingles.add(words.slice(i, i + 3).join(' '));
  const sig = new pkg.Minhash({ numPerm: 128 });
  for (const s of shingles) sig.update(s);
  return { sig, size: shingles.size };
}

function packagePairs(pairs: LabelledPair[], bruteForce = false) {
  const index = new pkg.LshIndex({ bandSize: 4 });
  const posts = new Map<string, { sig: MinhashInstance; size: number }>();
  for (const p of pairs)
    if (!posts.has(p.a)) {
      const s = packageSignatureOf(readFileSync(join(CORPUS, p.a), 'utf8'));
      posts.set(p.a, s);
      index.insert(p.a, s.sig);
    }
  return scorePairs(pairs, CORPUS, (b, a) => {
    const q = packageSignatureOf(b);
    let keys: string[] = [];
    if (bruteForce) keys = [...posts.keys()];
    else
      try {
        keys = index.query(q.sig);
      } catch {
        keys = [];
      } // throws when a band of the query is absent from the index
    const scoreOf = (key: string) => {
      const post = posts.get(key)!;
      const j = q.sig.jaccard(post.sig);
      const c = Math.min(1, (j * (post.size + q.size)) / ((1 + j) * q.size));
      return Math.max(j / DEFAULT_JACCARD, c / DEFAULT_CONTAINMENT);
    };
    return { matches: keys.filter((k) => scoreOf(k) >= 1), scoreToA: scoreOf(a) };
  });
}

/** Every corpus post queried against the whole corpus: pairs found, against the listed near-duplicates. */
async function corpusSelfCheck(): Promise<void> {
  const listFile = join(EVAL, 'dedupe', 'corpus-near-duplicates.tsv');
  if (!existsSync(listFile)) return;
  const listed = new Set(
    readFileSync(listFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t').slice(0, 2).sort().join('|')),
  );
  const index = await loadCorpus(CORPUS, { workers: 1 });
  const found = new Map<string, string>();
  for (const f of listCorpusFiles(CORPUS)) {
    for (const m of index.matchesOf(fingerprintOf(readFileSync(f.absolutePath, 'utf8'))))
      if (m.score >= 1 && m.id !== f.path)
        found.set([m.id, f.path].sort().join('|'), `${m.measure} ${m.similarity.toFixed(2)}`);
  }
  const extra = [...found.keys()].filter((k) => !listed.has(k));
  console.log(
    `\n## Whole corpus (${index.size} posts) against itself: ${found.size} pairs flagged; ${[...listed].filter((k) => found.has(k)).length} of the ${listed.size} listed near-duplicates (5-shingle Jaccard >= 0.5) found; ${extra.length} other pairs, e.g.:`,
  );
  for (const k of extra.slice(0, 5))
    console.log(`  ${found.get(k)}  ${k.replace(/digitalgov\/content\//g, '')}`);
}

function pairsReport(): void {
  if (!existsSync(PAIRS)) return void console.log(`no pair set at ${PAIRS}: skipped`);
  const pairs = readPairs(PAIRS);
  let t = performance.now();
  const ours = scorePairs(pairs, CORPUS);
  console.log(
    `\n## Pair set (${pairs.length} pairs), ours: 3-word shingles, OPH MinHash 128, LSH 64x2 (2 collisions), exact Jaccard >= ${DEFAULT_JACCARD} or containment >= ${DEFAULT_CONTAINMENT} — ${(performance.now() - t).toFixed(0)} ms`,
  );
  console.log(pairTableOf(ours));
  t = performance.now();
  const theirs = packagePairs(pairs);
  console.log(
    `\n## Pair set, minhash package: same shingles, 128 permutations, LshIndex bandSize 4, estimated Jaccard/containment — ${(performance.now() - t).toFixed(0)} ms`,
  );
  console.log(pairTableOf(theirs));
  const brute = packagePairs(pairs, true);
  console.log(
    `\n## minhash package signatures without its LshIndex (every post compared, estimates only)`,
  );
  console.log(pairTableOf(brute));
}

// ---------- the 100,000-post corpus ----------

/** Variant v of post i: 35% of its longer words swapped for words of another post, paragraphs shuffled. */
function variantOf(text: string, donor: string[], i: number): string {
  const random = mulberry32(i + 1);
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
  const head = match ? match[0] : '';
  const body = text
    .slice(head.length)
    .replace(/\b[A-Za-z]{4,}\b/g, (w) =>
      random() < 0.35 ? (donor[Math.floor(random() * donor.length)] ?? w) : w,
    );
  const blocks = body.split(/\n{2,}/);
  for (let k = blocks.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [blocks[k], blocks[j]] = [blocks[j]!, blocks[k]!];
  }
  return head + blocks.join('\n\n');
}

function buildCorpus(dir: string): void {
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return;
  rmSync(dir, { recursive: true, force: true });
  const real = listCorpusFiles(CORPUS).map((f) => ({
    path: f.path,
    text: readFileSync(f.absolutePath, 'utf8'),
  }));
  const vocab = real.map((p) => p.text.match(/\b[A-Za-z]{4,}\b/g) ?? []);
  for (let i = 0; i < POSTS; i++) {
    const base = real[i % real.length]!;
    const v = Math.floor(i / real.length);
    const folder =
      i % 1000 === 1 ? 'pending' : i % 1000 === 2 ? '.rejected' : `v${String(v).padStart(2, '0')}`;
    const file = join(dir, folder, v === 0 ? base.path : base.path.replace(/\.md$/, `-v${v}.md`));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      v === 0 ? base.text : variantOf(base.text, vocab[(i * 7919) % real.length]!, i),
    );
  }
  writeFileSync(marker, String(POSTS));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function queryTexts(dir: string): string[] {
  const pairs = existsSync(PAIRS) ? readPairs(PAIRS).map((p) => p.b) : [];
  const files = listCorpusFiles(dir);
  const random = mulberry32(42);
  const picked = Array.from({ length: 400 }, () =>
    readFileSync(files[Math.floor(random() * files.length)]!.absolutePath, 'utf8'),
  );
  return [...pairs, ...picked];
}

/** Wall and CPU (all threads) time of a step, in ms. */
async function timed<T>(
  step: () => Promise<T> | T,
): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const value = await step();
  const cpu = process.cpuUsage(cpu0);
  return { value, wall: performance.now() - t, cpu: (cpu.user + cpu.system) / 1000 };
}

// The index phases run the compiled code (dist/), as `npm run pipeline` does: under tsx a worker
// thread starts in ~250 ms instead of ~40 ms, which is not what a run pays.
const DIST = new URL('../dist/corpus/', import.meta.url);

async function compiled(): Promise<{
  loadCorpus: typeof loadCorpus;
  fingerprintOnWorkers: typeof fingerprintOnWorkers;
}> {
  const file = new URL('load-corpus.js', DIST);
  if (!existsSync(fileURLToPath(file)))
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench:dedupe does)');
  const [load, pool] = await Promise.all([
    import(file.href) as Promise<{ loadCorpus: typeof loadCorpus }>,
    import(new URL('workers/worker-pool.js', DIST).href) as Promise<{
      fingerprintOnWorkers: typeof fingerprintOnWorkers;
    }>,
  ]);
  return { loadCorpus: load.loadCorpus, fingerprintOnWorkers: pool.fingerprintOnWorkers };
}

const cacheDirOf = (dir: string) => join(dir, '..', 'dedupe-bench-cache');
const rssMbNow = () => process.resourceUsage().maxRSS / 1024;

/** Cold build from an empty cache, in a process of its own. */
async function phaseCold(dir: string): Promise<object> {
  const { loadCorpus: load } = await compiled();
  const cacheDir = cacheDirOf(dir);
  rmSync(cacheDir, { recursive: true, force: true });
  const cold = await timed(() => load(dir, { cacheDir, workers: 2 }));
  return { size: cold.value.size, cold: cold.wall, coldCpu: cold.cpu, rssMb: rssMbNow() };
}

/** Warm load: a new process loads the stored index, as the next run does. */
async function phaseWarm(dir: string): Promise<object> {
  const { loadCorpus: load } = await compiled();
  const warm = await timed(() => load(dir, { cacheDir: cacheDirOf(dir), workers: 2 }));
  if (warm.value.stats.read > 0) throw new Error(`warm load read ${warm.value.stats.read} files`);
  return { warm: warm.wall, warmCpu: warm.cpu, rssMb: rssMbNow() };
}

/** Update after 100 changed posts in a new process, then the queries against that index. */
async function phaseUpdate(dir: string): Promise<object> {
  const { loadCorpus: load, fingerprintOnWorkers: pool } = await compiled();
  const cacheDir = cacheDirOf(dir);
  const files = listCorpusFiles(dir)
    .filter((_, k) => k % 997 === 0)
    .slice(0, 100);
  const originals = files.map((f) => readFileSync(f.absolutePath, 'utf8'));
  files.forEach((f, k) =>
    writeFileSync(
      f.absolutePath,
      `${originals[k]}\n\nA paragraph added for the benchmark, number ${k}.\n`,
    ),
  );
  const update = await timed(() => load(dir, { cacheDir, workers: 2 }));
  const index = update.value;
  const updated = index.stats.read;
  files.forEach((f, k) => writeFileSync(f.absolutePath, originals[k]!));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let duplicates = 0;
  for (const text of queryTexts(dir)) {
    const q = await timed(() => index.nearest(text));
    if (q.value) duplicates++;
    times.push(q.wall);
    cpuTimes.push(q.cpu);
  }
  const rssMb = rssMbNow();
  // A sample read with the remark reader, to show why the fast scanner builds the index.
  const sample = listCorpusFiles(dir)
    .slice(0, SAMPLE)
    .map((f) => ({ absolutePath: f.absolutePath, path: f.path }));
  const remark = await timed(() => pool(sample, { ...DEFAULT_FINGERPRINT, reader: 'remark' }, 2));
  return {
    update: update.wall,
    updateCpu: update.cpu,
    updated,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p95Cpu: percentile(cpuTimes, 0.95),
    queries: times.length,
    duplicates,
    rssMb,
    remarkCold: (remark.wall * index.size) / sample.length,
    remarkCpu: (remark.cpu * index.size) / sample.length,
  };
}

/** Our index: cold build, warm load and update each in a new process; peak RSS is the largest. */
function phasesOurs(dir: string): Record<string, number> {
  // The cold build leaves ~400 MB being written back to disk; a night later that is long done,
  // so the next phases start once it is (`sync`), not while the disk is still busy with it.
  const flushed = () => spawnSync('sync').status === 0;
  const cold = runPhase('cold', dir);
  const synced = flushed();
  const warm = runPhase('warm', dir);
  flushed();
  const update = runPhase('update', dir);
  if (!synced)
    console.log(
      '(no `sync` command: warm load measured while the cold build may still be flushing)',
    );
  return {
    ...cold,
    ...warm,
    ...update,
    rssMb: Math.max(cold['rssMb']!, warm['rssMb']!, update['rssMb']!),
    coldRssMb: cold['rssMb']!,
    warmRssMb: warm['rssMb']!,
    updateRssMb: update['rssMb']!,
  };
}

function phasePackage(dir: string): object {
  const files = listCorpusFiles(dir).slice(0, SAMPLE);
  const before = process.resourceUsage().maxRSS / 1024;
  const scale = POSTS / files.length;
  let t = performance.now();
  const index = new pkg.LshIndex({ bandSize: 4 });
  const sigs: Array<[string, number[]]> = [];
  for (const f of files) {
    const { sig } = packageSignatureOf(readFileSync(f.absolutePath, 'utf8'));
    index.insert(f.path, sig);
    sigs.push([f.path, sig.hashvalues]);
  }
  const cold = (performance.now() - t) * scale;
  // No persistence in the package: a JSON file of the signatures is the closest thing to a warm load.
  const file = join(dir, '..', 'minhash-package-sigs.json');
  writeFileSync(file, JSON.stringify(sigs));
  t = performance.now();
  const loaded = JSON.parse(readFileSync(file, 'utf8')) as Array<[string, number[]]>;
  const warmIndex = new pkg.LshIndex({ bandSize: 4 });
  for (const [key, hashvalues] of loaded) {
    const m = new pkg.Minhash({ numPerm: 128 });
    m.hashvalues = hashvalues;
    warmIndex.insert(key, m);
  }
  const warm = (performance.now() - t) * scale;
  const update = (cold / POSTS) * 100;
  const times: number[] = [];
  let thrown = 0;
  for (const text of queryTexts(dir)) {
    const q = performance.now();
    const { sig } = packageSignatureOf(text);
    try {
      index.query(sig);
    } catch {
      thrown++;
    }
    times.push(performance.now() - q);
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  return {
    size: POSTS,
    sample: files.length,
    cold,
    warm,
    update,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    queries: times.length,
    thrown,
    rssMb: before + (rss - before) * scale,
  };
}

function runPhase(name: string, dir: string): Record<string, number> {
  const child = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--phase',
      name,
      dir,
      '--posts',
      String(POSTS),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (child.status !== 0) throw new Error(`phase ${name} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

async function main(): Promise<void> {
  if (args[0] === '--phase') {
    const phases: Record<string, (dir: string) => Promise<object> | object> = {
      cold: phaseCold,
      warm: phaseWarm,
      update: phaseUpdate,
      package: phasePackage,
    };
    const phase = phases[args[1]!];
    if (!phase) throw new Error(`unknown phase ${args[1]}`);
    const result = await phase(args[2]!);
    console.log(JSON.stringify(result));
    return;
  }
  const indexOnly = args.includes('--index-only');
  if (!indexOnly) {
    pairsReport();
    await corpusSelfCheck();
  }
  if (args.includes('--pairs-only')) return;
  if (!existsSync(CORPUS)) return void console.log(`no corpus at ${CORPUS}: benchmark skipped`);
  const dir = join(tmpdir(), `dedupe-bench-${POSTS}`, 'content');
  const t = performance.now();
  buildCorpus(dir);
  console.log(
    `\n## Index benchmark: ${POSTS} posts in ${dir} (built or reused in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
  const ours = phasesOurs(dir);
  // --index-only: the package is not run, and its column says so (never our own figures again).
  const theirs: Record<string, number> | null = indexOnly ? null : runPhase('package', dir);
  const row = (
    label: string,
    target: string,
    a: number,
    b: number | undefined,
    unit: string,
    digits = 0,
  ) =>
    console.log(
      `${label.padEnd(26)} ${target.padEnd(10)} ${(a.toFixed(digits) + unit).padStart(12)} ${(b === undefined ? 'not run' : b.toFixed(digits) + unit).padStart(14)} ${(b === undefined ? '-' : `${(b / a).toFixed(1)}x`).padStart(9)}`,
    );
  console.log(
    `${''.padEnd(26)} ${'target'.padEnd(10)} ${'ours'.padStart(12)} ${'minhash pkg*'.padStart(14)} ${'pkg/ours'.padStart(9)}`,
  );
  row(
    'cold build',
    '<= 90 s',
    ours['cold']! / 1000,
    theirs ? theirs['cold']! / 1000 : undefined,
    ' s',
    1,
  );
  row(
    'warm load',
    '<= 1 s',
    ours['warm']! / 1000,
    theirs ? theirs['warm']! / 1000 : undefined,
    ' s',
    2,
  );
  row(
    `update, 100 changed (${ours['updated']} read)`,
    '<= 1 s',
    ours['update']! / 1000,
    theirs ? theirs['update']! / 1000 : undefined,
    ' s',
    2,
  );
  row('query p50', '', ours['p50']!, theirs?.['p50'], ' ms', 2);
  row('query p95', '<= 5 ms', ours['p95']!, theirs?.['p95'], ' ms', 2);
  row('peak RSS', '<= 1536 MB', ours['rssMb']!, theirs?.['rssMb'], ' MB');
  console.log(
    `ours, peak RSS per process: cold build ${ours['coldRssMb']!.toFixed(0)} MB, warm load ${ours['warmRssMb']!.toFixed(0)} MB, update + queries ${ours['updateRssMb']!.toFixed(0)} MB`,
  );
  console.log(
    `ours, CPU time of all threads: cold ${(ours['coldCpu']! / 1000).toFixed(1)} s (/2 cores = ${(ours['coldCpu']! / 2000).toFixed(1)} s), warm ${(ours['warmCpu']! / 1000).toFixed(2)} s, update ${(ours['updateCpu']! / 1000).toFixed(2)} s, query p95 ${ours['p95Cpu']!.toFixed(2)} ms`,
  );
  console.log(
    `load average while running (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} on ${availableParallelism()} cores: wall times include waiting for the CPU`,
  );
  console.log(
    !theirs
      ? '* package: not run (--index-only)'
      : `* package: ${theirs['sample']} posts, extrapolated x${(POSTS / theirs['sample']!).toFixed(0)}; its LshIndex.query threw on ${theirs['thrown']} of ${theirs['queries']} queries (a band absent from the index); warm = JSON signatures re-inserted; update = 100 x per-post cold cost.`,
  );
  console.log(
    `ours: ${ours['size']} posts; ${ours['duplicates']} of ${ours['queries']} queries matched; cold build with the remark reader instead of the fast scanner (5,000-post sample on 2 workers, extrapolated): ${(ours['remarkCold']! / 1000).toFixed(0)} s wall, ${(ours['remarkCpu']! / 1000).toFixed(0)} s CPU`,
  );
}

await main();
