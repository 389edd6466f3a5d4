import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Budget } from '../core/budget.js';
import type { NetworkOptions, StageContext } from '../core/context.js';
import { BudgetExceededError, PipelineError, messageOf } from '../core/errors.js';
import { writeFileAtomic } from '../core/files.js';
import { renderFrontmatter } from '../core/frontmatter.js';
import type { Logger } from '../core/logger.js';
import { loadRunRecord, runIdOf, type RunRecord } from '../core/run-record.js';
import { countWords } from '../text/sentences.js';
import type { Topic } from '../core/topic.js';
import { addUsage, zeroUsage, type Usage } from '../core/usage.js';
import type { DraftEngine } from '../engines/types.js';
import { renderReport } from '../report/render.js';
import { critiqueAndRevise, type CritiqueStageOutput } from '../stages/critique/index.js';
import { StageRunner, type Progress } from './runner.js';
import { loadCorpus, dedupe } from '../stages/dedupe/index.js';
import type { CorpusIndex, DedupeOutput } from '../stages/dedupe/types.js';
import { draft, sectionsOf } from '../stages/draft/index.js';
import { paragraphsOf, renderDraft, slugOf } from '../stages/draft/render.js';
import type { DraftContent, DraftOutput } from '../stages/draft/types.js';
import { extract } from '../stages/extract/index.js';
import type { Article, ExtractOutput } from '../stages/extract/types.js';
import { fetchSources } from '../stages/fetch/index.js';
import type { FetchOutput } from '../stages/fetch/types.js';
import { writeDraft } from '../stages/write/index.js';
import type { WriteOutput } from '../stages/write/types.js';
import { buildSourceRows } from './source-rows.js';

/** Options of {@link runTopic}. */
export interface RunOptions {
  topic: Topic;
  engine: DraftEngine;
  /** Project root (default: the current directory). */
  root?: string;
  /** Resume this run id: stages whose output is in its folder are not run again. */
  resume?: string;
  logger: Logger;
  progress?: Progress;
  now?: () => Date;
  env?: Readonly<Record<string, string | undefined>>;
  net?: NetworkOptions;
  signal?: AbortSignal;
  /**
   * Stops after dedupe and hands the surviving sources to this function instead of drafting
   * (`--estimate`): it returns a line for the report, e.g. the expected tokens and dollars.
   */
  estimate?: (
    request: { articles: Article[]; sections: string[] },
    topic: Topic,
  ) => string | Promise<string>;
  /**
   * Stops after dedupe with outcome `batched` (nightly bulk mode): the surviving sources are handed
   * to this function, which queues their drafting request (it keeps the run's context, whose
   * budget the batch reserves on) and returns a line for the report. The run folder is kept, and
   * `resume` with a `draft.json` in it runs critique and write as usual.
   */
  stopAfterDedupe?: (
    request: { articles: Article[]; sections: string[] },
    ctx: StageContext,
  ) => string;
}

/**
 * Runs a topic through fetch, extract, dedupe, draft, critique and write, recording each stage's
 * output in `.pipeline/runs/<run id>/` as it finishes, and the report in `report.md`.
 *
 * @returns The run record. A run with nothing new, or stopped by the budget, is not a failure.
 * @throws PipelineError when a stage is broken; the report is written before it is thrown.
 */
export async function runTopic(options: RunOptions): Promise<RunRecord> {
  const root = resolve(options.root ?? process.cwd());
  const now = options.now ?? (() => new Date());
  const runId = options.resume ?? freshRunId(root, now(), options.topic.name);
  const runDir = join(root, '.pipeline', 'runs', runId);
  if (options.resume && !existsSync(runDir)) {
    throw new PipelineError('run', 'RUN_NOT_FOUND', `resume: no run folder ${runDir}`);
  }
  const ctx: StageContext = {
    topic: options.topic,
    root,
    runId,
    runDir,
    cacheDir: join(root, '.pipeline', 'cache'),
    contentDir: join(root, 'content'),
    logger: options.logger,
    now,
    env: options.env ?? process.env,
    budget: new Budget(options.topic.budget.usd),
    net: options.net ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const record = freshRecord(
    ctx,
    options.engine,
    now(),
    options.resume ? loadRunRecord(runDir) : null,
  );
  const runner = new StageRunner(
    runDir,
    record,
    options.progress ?? (() => {}),
    options.resume !== undefined,
  );
  runner.save();
  try {
    await runStages(ctx, options.engine, runner, record, options);
  } catch (error) {
    recordPartialLedger(record, error);
    if (error instanceof BudgetExceededError) {
      record.outcome = 'budget-stop';
      record.message = `budget stop: ${error.message}; nothing half-done was written`;
    } else {
      record.outcome = 'failed';
      const stage = error instanceof PipelineError ? error.stage : 'run';
      record.error = { stage, message: messageOf(error) };
      record.message = `${stage} failed: ${messageOf(error)}`;
      finish(ctx, runner, record);
      throw error;
    }
  }
  finish(ctx, runner, record);
  return record;
}

async function runStages(
  ctx: StageContext,
  engine: DraftEngine,
  runner: StageRunner,
  record: RunRecord,
  options: Pick<RunOptions, 'estimate' | 'stopAfterDedupe'>,
): Promise<void> {
  const { estimate, stopAfterDedupe } = options;
  const fetched = await runner.stage<FetchOutput>(
    'fetch',
    () => fetchSources({ sources: ctx.topic.sources }, ctx),
    (out) =>
      `${out.items.length} items, ${out.documents.length} fetched, ${out.items.length - out.documents.length} failed`,
  );
  record.details.resolveErrors = fetched.resolveErrors;
  record.details.fetches = fetched.records.map(({ id: _id, finalUrl: _final, ...rest }) => rest);
  if (
    fetched.documents.length === 0 &&
    (fetched.items.length > 0 || fetched.resolveErrors.length > 0)
  ) {
    record.sources = buildSourceRows(fetched, undefined, undefined, null);
    throw new PipelineError(
      'fetch',
      'ALL_SOURCES_FAILED',
      `fetch: none of the topic's sources could be fetched (${fetched.items.length} items, ${fetched.resolveErrors.length} unresolved sources)`,
    );
  }

  const extracted = await runner.stage<ExtractOutput>(
    'extract',
    () => {
      const out = extract({ documents: fetched.documents }, ctx);
      for (const article of out.articles) writeSourceFile(ctx, article);
      return out;
    },
    (out) => `${out.articles.length} articles, ${out.failures.length} failed`,
  );

  let corpus: CorpusIndex | undefined;
  const corpusOf = async () =>
    (corpus ??= await loadCorpus(ctx.contentDir, { cacheDir: ctx.cacheDir, logger: ctx.logger }));
  const deduped = await runner.stage<DedupeOutput>(
    'dedupe',
    async () => dedupe({ articles: extracted.articles, corpus: await corpusOf() }, ctx),
    (out) => `${out.kept.length} kept, ${out.dropped.length} dropped`,
  );
  record.details.drops = deduped.dropped;
  record.sources = buildSourceRows(fetched, extracted, deduped, null);

  if (deduped.kept.length === 0) {
    for (const name of ['draft', 'critique', 'write'] as const) runner.skip(name, 'no new source');
    record.outcome = 'nothing-new';
    record.message = 'nothing new to propose: every source failed or was already covered';
    return;
  }

  if (estimate) {
    for (const name of ['draft', 'critique', 'write'] as const) runner.skip(name, 'estimate only');
    record.outcome = 'estimated';
    record.message = await estimate(
      { articles: deduped.kept, sections: sectionsOf(ctx) },
      ctx.topic,
    );
    return;
  }

  if (stopAfterDedupe) {
    const why = 'waiting for a Message Batch';
    for (const name of ['draft', 'critique', 'write'] as const) runner.skip(name, why);
    record.outcome = 'batched';
    record.message = stopAfterDedupe({ articles: deduped.kept, sections: sectionsOf(ctx) }, ctx);
    return;
  }

  const drafted = await runner.stage<DraftOutput>(
    'draft',
    () => draft({ articles: deduped.kept }, ctx, engine),
    (out) =>
      out.content
        ? `${wordsOf(out.content)} words, ${citedOf(out.content).size} sources cited`
        : 'no draft',
  );
  // A draft read back from the run folder (e.g. collected from a Message Batch) was paid for
  // already: it counts against this topic's budget before any revision is paid for.
  if (record.stages.find((stage) => stage.name === 'draft')?.status === 'resumed') {
    ctx.budget.charge(drafted.usage.usd);
  }
  record.usageByStage.draft = drafted.usage;
  record.details.calls.push(...drafted.calls);
  record.notes.push(...drafted.notes);
  if (!drafted.content) {
    for (const name of ['critique', 'write'] as const) runner.skip(name, 'no draft');
    record.outcome = 'nothing-new';
    record.message = 'nothing new to propose: the engine found nothing to draft';
    return;
  }

  const preview = (content: DraftContent) =>
    renderDraft(content, metaOf(ctx, engine, deduped.kept, slugOf(content.title), [], zeroUsage()));
  const reviewed = await runner.stage<CritiqueStageOutput>(
    'critique',
    async () =>
      critiqueAndRevise(drafted.content!, ctx, {
        engine,
        articles: deduped.kept,
        sections: sectionsOf(ctx),
        render: preview,
        corpus: await corpusOf(),
      }),
    (out) =>
      `${out.findings.length} findings (${out.findings.filter((f) => f.severity === 'error').length} error), ${out.revisions.length} revision round(s)`,
  );
  record.usageByStage.critique = reviewed.usage;
  record.details.calls.push(...reviewed.calls);
  record.details.findings = reviewed.findings;
  record.details.revisions = reviewed.revisions;
  record.notes.push(...reviewed.notes);

  const content = reviewed.content;
  if (wordsOf(content) === 0) {
    runner.skip('write', 'revision left no sentence');
    record.outcome = 'nothing-new';
    record.message = 'nothing new to propose: revision removed every sentence';
    return;
  }
  const cost = addUsage(drafted.usage, reviewed.usage);
  const written = await runner.stage<WriteOutput>(
    'write',
    () =>
      writeDraft(
        {
          slug: slugOf(content.title),
          render: (slug) =>
            renderDraft(content, metaOf(ctx, engine, deduped.kept, slug, reviewed.findings, cost)),
        },
        ctx,
      ),
    (out) => out.path,
  );
  record.sources = buildSourceRows(fetched, extracted, deduped, citedOf(content));
  record.draft = {
    path: written.path,
    slug: written.slug,
    title: content.title,
    words: wordsOf(content),
  };
  record.outcome = 'drafted';
  record.message = `drafted ${written.path}`;
}

function metaOf(
  ctx: StageContext,
  engine: DraftEngine,
  articles: Article[],
  slug: string,
  findings: CritiqueStageOutput['findings'],
  cost: ReturnType<typeof zeroUsage>,
) {
  return {
    topic: ctx.topic.name,
    slug,
    runId: ctx.runId,
    date: ctx.now().toISOString().slice(0, 10),
    engine: engine.id,
    articles,
    review: findings,
    cost,
  };
}

/** An engine error may carry the calls made before it (`calls`, `usage`): they were paid for, so they are on record. */
function recordPartialLedger(record: RunRecord, error: unknown): void {
  if (!(error instanceof PipelineError)) return;
  const partial = error as PipelineError & { calls?: RunRecord['details']['calls']; usage?: Usage };
  if (!Array.isArray(partial.calls) || partial.calls.length === 0) return;
  record.details.calls.push(...partial.calls);
  record.usageByStage[error.stage] = addUsage(
    record.usageByStage[error.stage] ?? zeroUsage(),
    ...partial.calls.map((call) => call.usage),
  );
}

function finish(ctx: StageContext, runner: StageRunner, record: RunRecord): void {
  record.finishedAt = ctx.now().toISOString();
  runner.save();
  writeFileAtomic(join(ctx.runDir, 'report.md'), renderReport(record));
}

function writeSourceFile(ctx: StageContext, article: Article): void {
  const data = { id: article.id, url: article.url, title: article.title ?? article.url };
  writeFileAtomic(
    join(ctx.runDir, 'sources', `${article.id}.md`),
    renderFrontmatter(data, `${article.markdown.trim()}\n`),
  );
}

function wordsOf(content: DraftContent): number {
  return paragraphsOf(content).reduce(
    (sum, p) => sum + p.sentences.reduce((s, x) => s + countWords(x.text), 0),
    0,
  );
}

function citedOf(content: DraftContent): Set<string> {
  return new Set(paragraphsOf(content).flatMap((p) => p.sentences.flatMap((s) => s.cite)));
}

function freshRunId(root: string, now: Date, topic: string): string {
  const base = runIdOf(now, topic);
  let id = base;
  for (let n = 2; existsSync(join(root, '.pipeline', 'runs', id)); n++) id = `${base}-${n}`;
  mkdirSync(join(root, '.pipeline', 'runs', id), { recursive: true });
  return id;
}

function freshRecord(
  ctx: StageContext,
  engine: DraftEngine,
  started: Date,
  previous: RunRecord | null,
): RunRecord {
  const record: RunRecord = previous ?? {
    runId: ctx.runId,
    topic: ctx.topic.name,
    topicFile: ctx.topic.file,
    startedAt: started.toISOString(),
    finishedAt: null,
    engine: engine.id,
    engineReason: engine.reason,
    outcome: 'running',
    message: 'running',
    stages: [],
    sources: [],
    details: { resolveErrors: [], fetches: [], drops: [], findings: [], revisions: [], calls: [] },
    usageByStage: {},
    draft: null,
    notes: [],
    error: null,
  };
  record.outcome = 'running';
  record.error = null;
  record.engine = engine.id;
  record.engineReason = engine.reason;
  return record;
}
