import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';
import type { PipelineStage, StageName } from './stage.js';
import type { ModelCall, Usage } from './usage.js';

/** How a stage ended. `resumed`: its output was read back from an earlier attempt of the run. */
export type StageStatus = 'done' | 'resumed' | 'failed' | 'skipped';

/** One stage's line in the run record. */
export interface StageRecord {
  name: PipelineStage;
  status: StageStatus;
  elapsedMs: number;
  /** One line with counts, e.g. `8 items, 7 fetched, 1 failed`. */
  summary: string;
}

/** How a run ended. `batched`: stopped after dedupe, its draft waits in a Message Batch. */
export type RunOutcome =
  'running' | 'drafted' | 'nothing-new' | 'budget-stop' | 'estimated' | 'batched' | 'failed';

/** One source's fate across the stages. */
export interface SourceRow {
  id: string;
  url: string;
  from: string;
  /** `failed` (fetch or extract), `dropped` (dedupe), `kept`, or `cited` (in the draft). */
  status: 'failed' | 'dropped' | 'kept' | 'cited';
  httpStatus: number | null;
  bytes: number;
  elapsedMs: number;
  attempts: number;
  fromCache: boolean;
  words: number;
  /** Why it failed or was dropped. */
  note: string;
}

/** The run record: everything the report shows, kept in `run.json` as the run goes. */
export interface RunRecord {
  runId: string;
  topic: string;
  topicFile: string;
  startedAt: string;
  finishedAt: string | null;
  /** `offline` or `claude:<model>`, and why it was chosen. */
  engine: string;
  engineReason: string;
  outcome: RunOutcome;
  /** One sentence: `drafted content/pending/x.md`, `nothing new to propose`, ... */
  message: string;
  stages: StageRecord[];
  sources: SourceRow[];
  /** Everything else the stages reported for the report, by stage name. */
  details: RunDetails;
  /** Tokens and dollars per stage: each call is booked under the stage that made it. */
  usageByStage: Partial<Record<PipelineStage, Usage>>;
  draft: { path: string; slug: string; title: string; words: number } | null;
  notes: string[];
  error: { stage: StageName; message: string } | null;
  /**
   * The monthly budget check made before the run's first stage (project config
   * `budget.monthlyUsd`), when there is a monthly budget and the run can pay for calls.
   */
  monthlyBudget?: MonthlyBudget;
}

/**
 * A run's reservation against the month's budget: its worst case (the topic's `budget.usd`)
 * against what the cost ledger says is left of the month, and of the topic's share when it has one.
 */
export interface MonthlyBudget {
  /** `YYYY-MM` (UTC). */
  month: string;
  /** The limit that decided: the whole month's, or the topic's share of it. */
  scope: 'month' | 'topic';
  /** That limit, in dollars. */
  limitUsd: number;
  /** Spent against that limit this month before the run. */
  spentUsd: number;
  /** `budget.monthlyUsd`. */
  monthUsd: number;
  /** Every topic's spend this month before the run. */
  monthSpentUsd: number;
  /** The topic's share of the month (0 to 1), when the config gives one. */
  topicShare?: number;
  /** The topic's spend this month before the run. */
  topicSpentUsd: number;
  /** What the run reserved: its worst case. */
  reservedUsd: number;
  /** False when the worst case did not fit: the run stopped before any paid call. */
  fits: boolean;
}

/** Stage details the report renders (copied from the stage outputs, without bodies). */
export interface RunDetails {
  resolveErrors: Array<{ source: string; error: string }>;
  fetches: Array<{
    url: string;
    status: number | null;
    bytes: number;
    elapsedMs: number;
    attempts: number;
    fromCache: boolean;
    ok: boolean;
    error?: { step: string; message: string };
  }>;
  drops: Array<{
    id: string;
    url: string;
    reason: string;
    duplicateOf: string;
    measure: string;
    similarity: number;
    threshold: number;
  }>;
  findings: Array<{
    kind: string;
    severity: string;
    sentence: string;
    source: string | null;
    detail: string;
  }>;
  revisions: Array<{ round: number; errorsBefore: number; removed: string[]; added: number }>;
  calls: ModelCall[];
  /** The agent's web research (issue 23), when the run offered it. */
  research?: ResearchRecord;
}

/** One web search the agent asked for: made (with its result count and cost) or refused, and why. */
export interface ResearchQueryRecord {
  /** `draft`, or `revise` (corroboration during the critique). */
  step: 'draft' | 'revise';
  query: string;
  provider: string;
  /** Whether the provider was called (a refused query costs nothing). */
  made: boolean;
  /** Results the provider returned. */
  results: number;
  costUsd: number;
  /** Why it was refused (a limit, the budget) or failed (the provider's error); null when it worked. */
  error: string | null;
}

/** One URL the agent asked to add, and what became of it. */
export interface ResearchSourceRecord {
  step: 'draft' | 'revise';
  url: string;
  /** The query whose results listed it, or null. */
  query: string | null;
  /** `added` (a new source id), `dropped` (dedupe), `failed` (fetch or extract), `refused` (never fetched). */
  outcome: 'added' | 'dropped' | 'failed' | 'refused';
  id: string | null;
  /** Why, for all but `added`: `duplicate-of-corpus: ...`, `address: refused: ...`, `maxNewSources 2 reached`. */
  reason: string;
}

/** The web research of a run: the limits, every query and every URL asked for. */
export interface ResearchRecord {
  provider: string;
  maxQueries: number;
  maxNewSources: number;
  pricePerQueryUsd: number;
  queries: ResearchQueryRecord[];
  sources: ResearchSourceRecord[];
}

/** What a run's web searches cost (booked outside `usageByStage`: they are no model call). */
export function searchUsdOf(record: Pick<RunRecord, 'details'>): number {
  return record.details.research?.queries.reduce((sum, query) => sum + query.costUsd, 0) ?? 0;
}

/** What a run cost in all: its model calls by stage and its web searches (the draft's `cost.usd`). */
export function runUsdOf(record: Pick<RunRecord, 'details' | 'usageByStage'>): number {
  return (
    Object.values(record.usageByStage).reduce((sum, usage) => sum + (usage?.usd ?? 0), 0) +
    searchUsdOf(record)
  );
}

/** File name of the run record inside the run folder. */
export const RUN_RECORD_FILE = 'run.json';

/** Saves the run record atomically (a crash leaves the previous version). */
export function saveRunRecord(runDir: string, record: RunRecord): void {
  writeFileAtomic(join(runDir, RUN_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** Reads a run record back, or null when the folder has none. */
export function loadRunRecord(runDir: string): RunRecord | null {
  const file = join(runDir, RUN_RECORD_FILE);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
}

/** Saves a stage's typed output (`<stage>.json`), atomically. */
export function saveStageOutput(runDir: string, stage: PipelineStage, output: unknown): void {
  writeFileAtomic(join(runDir, `${stage}.json`), `${JSON.stringify(output)}\n`);
}

/** Reads a stage's output back, or undefined when the stage has not finished in this run. */
export function loadStageOutput<T>(runDir: string, stage: PipelineStage): T | undefined {
  const file = join(runDir, `${stage}.json`);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * What a run id may hold: a plain folder name of letters, digits, `.`, `_` and `-`, starting with
 * a letter or digit (no path, nothing a shell or a Markdown code span would read).
 */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * A run id: the start time in UTC with `-` for `:` and no milliseconds, then the topic name,
 * e.g. `2026-11-26T02-00-00Z-rust-async`. Characters of the topic name outside
 * {@link RUN_ID_PATTERN} become `-` (a topic file may be named ``a `b` $(c).yaml``; its run id
 * is printed in `report.md` inside inline code and pasted into shells).
 */
export function runIdOf(now: Date, topic: string): string {
  const time = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const name = topic.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120);
  return `${time}-${name}`;
}
