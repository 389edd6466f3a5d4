/**
 * The pipeline's errors, in one place (as undici's `lib/core/errors.js`).
 *
 * Every error names the stage, the source when there is one, and the reason with numbers.
 * Wrap, never replace: pass the original error as `cause`.
 */

import type { StageName } from './stage.js';
import type { ModelCall } from './usage.js';

export type { StageName } from './stage.js';

/** Base class of every error the pipeline throws on purpose. */
export class PipelineError extends Error {
  /** Stage that failed. */
  readonly stage: StageName;
  /** Source (URL or file) involved, when there is one. */
  readonly source: string | undefined;
  /** Stable machine-readable code, e.g. `TOPIC_INVALID`. */
  readonly code: string;
  /**
   * The model calls made (and paid for) before the failure, oldest first: the typed ledger that
   * travels with the error, so that a failed stage's cost is still on record.
   */
  readonly calls: ModelCall[];

  constructor(
    stage: StageName,
    code: string,
    message: string,
    options: { source?: string | undefined; cause?: unknown; calls?: readonly ModelCall[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.stage = stage;
    this.source = options.source;
    this.code = code;
    this.calls = [...(options.calls ?? [])];
  }

  /**
   * Puts calls made before the ones this error carries on its ledger (a stage that ran paid
   * calls, then called something that failed).
   *
   * @param earlier Calls made before, oldest first.
   */
  addEarlierCalls(earlier: readonly ModelCall[]): this {
    this.calls.unshift(...earlier);
    return this;
  }
}

/** A YAML file of the user's that cannot be used: which file, which field (and line), why. */
export abstract class FileFieldError extends PipelineError {
  /** Path of the file. */
  readonly file: string;
  /** Dotted path of the field, e.g. `done.minWords`; empty when the whole file is at fault. */
  readonly field: string;
  /** 1-based line of the field in the file, when the YAML parser gives one. */
  readonly line: number | undefined;

  constructor(
    stage: 'topic' | 'config',
    code: string,
    file: string,
    field: string,
    reason: string,
    options: { line?: number | undefined; cause?: unknown } = {},
  ) {
    const where = options.line === undefined ? file : `${file}:${options.line}`;
    super(stage, code, `${where}: ${field ? `${field}: ` : ''}${reason}`, {
      source: file,
      cause: options.cause,
    });
    this.file = file;
    this.field = field;
    this.line = options.line;
  }
}

/** A topic file that cannot be used: which file, which field, why. */
export class TopicError extends FileFieldError {
  constructor(
    file: string,
    field: string,
    reason: string,
    options: { line?: number | undefined; cause?: unknown } = {},
  ) {
    super('topic', 'TOPIC_INVALID', file, field, reason, options);
  }
}

/** A project config file (`.research-draft.yaml`) that cannot be used: which file, line, field, why. */
export class ConfigError extends FileFieldError {
  constructor(
    file: string,
    field: string,
    reason: string,
    options: { line?: number | undefined; cause?: unknown } = {},
  ) {
    super('config', 'CONFIG_INVALID', file, field, reason, options);
  }
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends PipelineError {
  constructor(message: string) {
    super('cli', 'USAGE', message);
  }
}

/** A fetch that failed: carries the URL and the HTTP status or undici code. */
export class FetchError extends PipelineError {
  /** URL that was requested. */
  readonly url: string;
  /** HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** The step that failed: `robots`, `connect`, `headers`, `body`, `address`, `redirect`, ... */
  readonly step: string;

  constructor(
    url: string,
    reason: string,
    options: { status?: number | undefined; step?: string; code?: string; cause?: unknown } = {},
  ) {
    super('fetch', options.code ?? 'FETCH_FAILED', `fetch ${url}: ${reason}`, {
      source: url,
      cause: options.cause,
    });
    this.url = url;
    this.status = options.status;
    this.step = options.step ?? 'request';
  }
}

/** Extraction found nothing usable in a page. */
export class ExtractError extends PipelineError {
  constructor(source: string, reason: string, options: { cause?: unknown } = {}) {
    super('extract', 'EXTRACT_FAILED', `extract ${source}: ${reason}`, {
      source,
      cause: options.cause,
    });
  }
}

/** The drafting or critique engine failed (wraps the SDK's `APIError`, keeping `requestID`). */
export class EngineError extends PipelineError {
  /** The API's request id, when the failure came from an API response. */
  readonly requestID: string | undefined;

  constructor(
    stage: StageName,
    reason: string,
    options: {
      requestID?: string | undefined;
      code?: string;
      cause?: unknown;
      calls?: readonly ModelCall[];
    } = {},
  ) {
    super(stage, options.code ?? 'ENGINE_FAILED', `${stage}: ${reason}`, {
      cause: options.cause,
      ...(options.calls ? { calls: options.calls } : {}),
    });
    this.requestID = options.requestID;
  }
}

/** The next model call would exceed the topic's budget. Not a failure: the run stops cleanly. */
export class BudgetExceededError extends PipelineError {
  /** Dollars already spent. */
  readonly spentUsd: number;
  /** Worst-case dollars of the call that was refused. */
  readonly neededUsd: number;
  /** The topic's budget in dollars. */
  readonly budgetUsd: number;

  constructor(
    stage: StageName,
    spentUsd: number,
    neededUsd: number,
    budgetUsd: number,
    options: { cause?: unknown; calls?: readonly ModelCall[] } = {},
  ) {
    super(
      stage,
      'BUDGET_STOP',
      `budget stop in ${stage}: spent $${spentUsd.toFixed(4)}, next call needs up to $${neededUsd.toFixed(4)}, budget $${budgetUsd.toFixed(4)}`,
      options,
    );
    this.spentUsd = spentUsd;
    this.neededUsd = neededUsd;
    this.budgetUsd = budgetUsd;
  }
}

/** A write that was refused (outside the allowed folders, or the file exists) or failed. */
export class WriteError extends PipelineError {
  constructor(path: string, reason: string, options: { cause?: unknown } = {}) {
    super('write', 'WRITE_FAILED', `write ${path}: ${reason}`, {
      source: path,
      cause: options.cause,
    });
  }
}

/**
 * The project lock is held by another process and was not released within the wait (exit code
 * 1): names the holder, so the operator can tell whether it is still working.
 */
export class LockError extends PipelineError {
  constructor(lockFile: string, reason: string, options: { cause?: unknown } = {}) {
    super('run', 'LOCKED', `lock ${lockFile}: ${reason}`, {
      source: lockFile,
      cause: options.cause,
    });
  }
}

/** Returns the message of any thrown value, with the messages of its causes. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message];
  let cause: unknown = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 3; depth++) {
    if (!parts.some((part) => part.includes(cause instanceof Error ? cause.message : ''))) {
      parts.push(cause.message);
    }
    cause = cause.cause;
  }
  return parts.join(': ');
}
