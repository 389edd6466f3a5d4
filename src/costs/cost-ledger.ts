import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ProjectConfig } from '../core/config.js';
import { writeFileExclusive } from '../core/files.js';
import type { RunOutcome } from '../core/run-record.js';

/** Version of a cost line's shape, written on every line. */
export const COST_LINE_VERSION = 1;

/** Tokens of a run, by kind. */
export interface CostTokens {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/**
 * One run in the cost ledger (`<costs>/<YYYY-MM>.jsonl`, one JSON object a line). A run resumed
 * later (a batch collected, a failure resumed) appends a new line with the same `runId`: the last
 * line of a run id is the run's cost ({@link foldCostLines}).
 */
export interface CostLine {
  v: typeof COST_LINE_VERSION;
  runId: string;
  /** `YYYY-MM-DD` (UTC): the night the run started. */
  date: string;
  /** ISO 8601: when the line was written. */
  at: string;
  topic: string;
  /** `offline` or `claude:<model>`. */
  engine: string;
  /** The model the calls used (the first one's, when several), or null when none was paid for. */
  model: string | null;
  outcome: RunOutcome;
  /** Dollars of every paid call of the run. */
  usd: number;
  tokens: CostTokens;
  /** Dollars per stage that made paid calls (`draft`, `critique`, ...). */
  byStage: Record<string, number>;
  /** Paid model calls. */
  calls: number;
  /** What cache reads saved against the same tokens as uncached input, in dollars. */
  cacheSavingsUsd: number;
  /** The draft written, relative to the project root, or null. */
  draft: string | null;
  /**
   * A run waiting for a Message Batch (`outcome: batched`) has paid nothing yet: the worst case it
   * reserved, which the monthly budget keeps counting until the collected run's line supersedes it.
   */
  reservedUsd?: number;
  /** Set on a monthly budget stop: the figures that did not fit. */
  monthlyStop?: { spentUsd: number; budgetUsd: number; neededUsd: number; scope: string };
}

/** The month (`YYYY-MM`, UTC) of a date or ISO date-time. */
export function monthOf(date: Date | string): string {
  return (typeof date === 'string' ? date : date.toISOString()).slice(0, 7);
}

/** The month before `month` (`YYYY-MM`). */
export function previousMonthOf(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}

/** A month written `YYYY-MM` (01 to 12). */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The cost ledger file of a month (absolute). */
export function costFileOf(config: ProjectConfig, month: string): string {
  return join(config.root, config.costs, `${month}.jsonl`);
}

/**
 * Git attributes of the cost folder: its files merge with the built-in `union` driver, so two
 * branches that each appended a night's lines merge without a conflict (both sides' lines kept).
 */
export const COST_GITATTRIBUTES = '*.jsonl merge=union\n';

/**
 * Appends a run's line to its month's file with one `write(2)` on a file opened `O_APPEND`: the
 * kernel puts each write at the end, so concurrent runs never lose a line (a temp file and a
 * rename would drop the lines appended meanwhile), and no line is ever rewritten. The folder gets
 * its `.gitattributes` (`merge=union`) the first time.
 *
 * @param config The project config (`costs` folder).
 * @param line The run's line.
 */
export function appendCostLine(config: ProjectConfig, line: CostLine): void {
  const file = costFileOf(config, monthOf(line.date));
  mkdirSync(join(config.root, config.costs), { recursive: true });
  const attributes = join(config.root, config.costs, '.gitattributes');
  if (!existsSync(attributes)) writeFileExclusive(attributes, COST_GITATTRIBUTES);
  const fd = openSync(file, 'a+');
  try {
    // A line cut short by a killed writer is closed first, so this one stays whole.
    const size = statSync(file).size;
    let separator = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) separator = '\n';
    }
    writeSync(fd, `${separator}${JSON.stringify(line)}\n`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a month's lines, as written (several per run id when a run was resumed); a line that is
 * not a cost line (cut short, edited by hand) is skipped and named in `problems`.
 *
 * @param config The project config.
 * @param month `YYYY-MM`.
 */
export function readCostLines(
  config: ProjectConfig,
  month: string,
): { lines: CostLine[]; problems: string[] } {
  const file = costFileOf(config, month);
  if (!existsSync(file)) return { lines: [], problems: [] };
  const lines: CostLine[] = [];
  const problems: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (text.trim() === '') return;
      try {
        const value = JSON.parse(text) as Partial<CostLine>;
        if (
          typeof value.runId !== 'string' ||
          typeof value.topic !== 'string' ||
          typeof value.date !== 'string' ||
          typeof value.usd !== 'number' ||
          !Number.isFinite(value.usd)
        )
          throw new Error('needs "runId", "topic", "date" and a number "usd"');
        lines.push(value as CostLine);
      } catch (error) {
        problems.push(`${file}:${index + 1}: ${(error as Error).message}`);
      }
    });
  return { lines, problems };
}

/**
 * One line per run: the last line written for each run id (by `at`, then file order), sorted by
 * date then run id. Lines merged from two branches come in any order; this makes them one list.
 */
export function foldCostLines(lines: readonly CostLine[]): CostLine[] {
  const byRun = new Map<string, CostLine>();
  for (const line of lines) {
    const known = byRun.get(line.runId);
    if (!known || (line.at ?? '') >= (known.at ?? '')) byRun.set(line.runId, line);
  }
  return [...byRun.values()].sort(
    (a, b) => a.date.localeCompare(b.date) || a.runId.localeCompare(b.runId),
  );
}

/** The folded lines of a month ({@link readCostLines}, then {@link foldCostLines}). */
export function monthCostLines(
  config: ProjectConfig,
  month: string,
): { lines: CostLine[]; problems: string[] } {
  const { lines, problems } = readCostLines(config, month);
  return { lines: foldCostLines(lines), problems };
}
