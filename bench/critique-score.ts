/**
 * Scores the deterministic critique on a folder of evaluation cases, in-process, with the
 * matching rules of `../shared/eval/critique/score.mjs` (a finding detects a fault of its kind
 * when its sentence contains the fault's text, or is contained in it; prompt-injection and
 * definition-of-done also match on detail and source; one finding detects one fault; `info`
 * findings are not counted). Adds what score.mjs does not print: precision per kind (the share of
 * a kind's findings that point at a planted fault).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadTopic } from '../src/core/topic.js';
import { critique } from '../src/stages/critique/checks/index.js';
import { loadSourcesDir } from '../src/stages/critique/parse/load-sources.js';
import type { CritiqueInput, Finding } from '../src/stages/critique/types.js';

interface Fault {
  kind: string;
  sentence: string;
  source?: string;
  match?: string[];
}

/** Per-kind and overall figures of one case folder. */
export interface Scores {
  cases: number;
  clean: number;
  kinds: Record<string, { planted: number; detected: number; findings: number; pointing: number }>;
  planted: number;
  detected: number;
  findings: number;
  pointing: number;
  falsePositivesOnClean: number;
  /** What was missed and what was reported on clean cases, for reading. */
  misses: string[];
  falsePositives: string[];
}

function norm(s: string | null | undefined): string {
  return (s ?? '')
    .normalize('NFKC')
    .replace(/\[\^[^\]\s]*\]/g, ' ')
    .replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function textMatches(text: string, needle: string): boolean {
  if (!text || !needle) return false;
  return text.includes(needle) || (text.length >= 8 && needle.includes(text));
}

function needlesOf(fault: Fault): string[] {
  const extra = Array.isArray(fault.match) ? fault.match : fault.match ? [fault.match] : [];
  return [fault.sentence, ...extra].map(norm).filter(Boolean);
}

function detects(finding: Finding, fault: Fault): boolean {
  if (norm(finding.kind) !== norm(fault.kind)) return false;
  const sourceId = (s: string) => norm(basename(s)).replace(/\.md$/, '');
  if (
    fault.kind === 'prompt-injection' &&
    fault.source &&
    finding.source &&
    sourceId(finding.source) === sourceId(fault.source)
  )
    return true;
  const texts =
    fault.kind === 'prompt-injection' || fault.kind === 'definition-of-done'
      ? [finding.sentence, finding.detail, finding.source].map(norm)
      : [norm(finding.sentence)];
  return needlesOf(fault).some((n) => texts.some((t) => textMatches(t, n)));
}

function pointsAt(finding: Finding, fault: Fault): boolean {
  if (detects(finding, fault)) return true;
  if (fault.kind === 'definition-of-done') return false;
  const texts = [finding.sentence, finding.detail].map(norm);
  return needlesOf(fault).some((n) => texts.some((t) => textMatches(t, n)));
}

// One finding detects at most one fault: bipartite matching by augmenting paths, as score.mjs.
function assign(faults: Fault[], findings: Finding[]): number[] {
  const owner = new Array<number>(findings.length).fill(-1);
  const byFault = new Array<number>(faults.length).fill(-1);
  const edges = faults.map((f) =>
    findings.map((g, j) => (detects(g, f) ? j : -1)).filter((j) => j !== -1),
  );
  const tryFault = (i: number, seen: Set<number>): boolean => {
    for (const j of edges[i]!) {
      if (seen.has(j)) continue;
      seen.add(j);
      if (owner[j] === -1 || tryFault(owner[j]!, seen)) {
        owner[j] = i;
        byFault[i] = j;
        return true;
      }
    }
    return false;
  };
  faults.forEach((_, i) => tryFault(i, new Set()));
  return byFault;
}

/**
 * Runs the critique on every case of a folder (those holding `expected.json`) and scores it.
 *
 * @param dir A folder of cases in the `../shared/eval/critique/cases` format.
 */
export function scoreCases(dir: string): Scores {
  const scores: Scores = {
    cases: 0,
    clean: 0,
    kinds: {},
    planted: 0,
    detected: 0,
    findings: 0,
    pointing: 0,
    falsePositivesOnClean: 0,
    misses: [],
    falsePositives: [],
  };
  const kind = (k: string) =>
    (scores.kinds[k] ??= { planted: 0, detected: 0, findings: 0, pointing: 0 });
  for (const id of readdirSync(dir).sort()) {
    const folder = join(dir, id);
    if (!existsSync(join(folder, 'expected.json'))) continue;
    const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as {
      faults?: Fault[];
    };
    const faults = expected.faults ?? [];
    const input: CritiqueInput = {
      draft: readFileSync(join(folder, 'draft.md'), 'utf8'),
      sources: loadSourcesDir(join(folder, 'sources')),
    };
    if (existsSync(join(folder, 'topic.yaml')))
      input.done = loadTopic(join(folder, 'topic.yaml')).done;
    const findings = critique(input).findings;
    scores.cases++;
    if (faults.length === 0) scores.clean++;
    const byFault = assign(faults, findings);
    faults.forEach((fault, i) => {
      kind(fault.kind).planted++;
      scores.planted++;
      if (byFault[i] !== -1) {
        kind(fault.kind).detected++;
        scores.detected++;
      } else scores.misses.push(`${id} ${fault.kind}: "${fault.sentence.slice(0, 90)}"`);
    });
    const used = new Set(byFault.filter((j) => j !== -1));
    findings.forEach((finding, j) => {
      if (finding.severity === 'info') return;
      scores.findings++;
      kind(finding.kind).findings++;
      if (used.has(j) || faults.some((fault) => pointsAt(finding, fault))) {
        scores.pointing++;
        kind(finding.kind).pointing++;
      } else if (faults.length === 0) {
        scores.falsePositivesOnClean++;
        scores.falsePositives.push(`${id} ${finding.kind}: "${finding.sentence.slice(0, 90)}"`);
      } else {
        scores.falsePositives.push(
          `${id} (faulty case) ${finding.kind}: "${finding.sentence.slice(0, 90)}"`,
        );
      }
    });
  }
  return scores;
}

function share(n: number, d: number): string {
  return d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
}

/** A table of per-kind recall and precision, then the overall figures. */
export function formatScores(scores: Scores): string {
  const lines = [`  ${'kind'.padEnd(26)} ${'recall'.padStart(15)}  ${'precision'.padStart(15)}`];
  for (const [name, k] of Object.entries(scores.kinds).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `  ${name.padEnd(26)} ${`${k.detected}/${k.planted}`.padStart(8)} ${share(k.detected, k.planted)}  ${`${k.pointing}/${k.findings}`.padStart(8)} ${share(k.pointing, k.findings)}`,
    );
  }
  lines.push(
    `  ${'overall'.padEnd(26)} ${`${scores.detected}/${scores.planted}`.padStart(8)} ${share(scores.detected, scores.planted)}  ${`${scores.pointing}/${scores.findings}`.padStart(8)} ${share(scores.pointing, scores.findings)}`,
    `  ${scores.cases} cases (${scores.clean} clean); false positives on clean cases: ${scores.falsePositivesOnClean}`,
  );
  for (const miss of scores.misses.slice(0, 15)) lines.push(`  missed ${miss}`);
  for (const fp of scores.falsePositives.slice(0, 15))
    lines.push(`  not pointing at a fault: ${fp}`);
  return lines.join('\n');
}
