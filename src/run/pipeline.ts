import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Budget } from '../core/budget.js';
import { loadConfig, type ProjectConfig } from '../core/config.js';
import type { NetworkOptions, StageContext } from '../core/context.js';
import { BudgetExceededError, PipelineError, messageOf } from '../core/errors.js';
import { writeFileAtomic } from '../core/files.js';
import { writeEvidence } from '../evidence/index.js';
import { renderFrontmatter } from '../core/frontmatter.js';
import { acquireProjectLock } from '../core/project-lock.js';
import type { Logger } from '../core/logger.js';
import { runIdOf, type RunOutcome, type RunRecord } from '../core/run-record.js';
import { PIPELINE_STAGES, type PipelineStage } from '../core/stage.js';
import { appendCostLine } from '../costs/cost-ledger.js';
import { costLineOf, isCostLineWorthy } from '../costs/cost-line.js';
import { monthlyBudgetSentence, reserveMonthlyBudget } from '../costs/month-budget.js';
import { countWords } from '../text/sentences.js';
import type { Topic } from '../core/topic.js';
import { addUsage, usageOfCalls, zeroUsage, type ModelCall, type Usage } from '../core/usage.js';
import type { DraftEngine, DraftRequest } from '../engines/types.js';
import { renderReport } from '../report/render.js';
import { critiqueAndRevise, type CritiqueStageOutput } from '../stages/critique/index.js';
import { StageRunner, type Progress } from './runner.js';
import { loadProjectCorpus } from '../corpus/index.js';
import { dedupe } from '../stages/dedupe/index.js';
import type { CorpusIndex } from '../corpus/types.js';
import type { DedupeOutput } from '../stages/dedupe/types.js';
import { draft, sectionsOf } from '../stages/draft/index.js';
import { paragraphsOf, renderDraft, slugOf } from '../stages/draft/render.js';
import type { DraftContent, DraftOutput } from '../stages/draft/types.js';
import { extract } from '../stages/extract/index.js';
import type { Article, ExtractOutput } from '../stages/extract/types.js';
import { fetchSources } from '../stages/fetch/index.js';
import type { FetchOutput } from '../stages/fetch/types.js';
import { writeDraft } from '../stages/write/index.js';
import type { WriteOutput } from '../stages/write/types.js';
import { checkResumable } from './resume-check.js';
import { buildSourceRows } from './source-rows.js';
import { openResearch, type ResearchSession } from './research.js';

/** The engine's name and why it was chosen: all a run that stops after dedupe needs of it. */
export type EngineLabel = Pick<DraftEngine, 'id' | 'reason'>;

/**
 * A run that stops after dedupe (`--estimate`, or nightly bulk mode, whose draft is written by a
 * Message Batch): the surviving sources become a drafting request handed to `take`, and the run
 * ends with `outcome`. The run folder is kept; `resume` with a `draft.json` in it runs critique
 * and write as usual.
 */
export interface StopAfterDedupe {
  outcome: Extract<RunOutcome, 'estimated' | 'batched'>;
  /** Why draft, critique and write did not run, for the record. */
  why: string;
  /**
   * Receives the drafting request and the run's context (whose budget a batch reserves on);
   * returns the line for the report, e.g. the expected tokens and dollars.
   */
  take: (request: DraftRequest, ctx: StageContext) => string | Promise<string>;
}

interface CommonRunOptions {
  topic: Topic;
  /** Project root (default: the current directory). */
  root?: string;
  /** Resume this run id: stages whose output is in its folder are not run again. */
  resume?: string;
  /** The project config (default: read from the root's `.research-draft.yaml`, or the defaults). */
  config?: ProjectConfig;
  /**
   * Model calls already paid for this run outside it (a Message Batch answer that could not be
   * used, drafted again here): charged to the budget first, and on the ledger and in the draft's
   * cost under the stage that made them.
   */
  paidBefore?: readonly ModelCall[];
  /**
   * Longest wait for the project lock, in milliseconds (default `DEFAULT_LOCK_WAIT_MS`). A run
   * that writes a draft holds the lock from its first stage to its report; a run that stops after
   * dedupe takes none.
   */
  lockWaitMs?: number;
  logger: Logger;
  progress?: Progress;
  now?: () => Date;
  env?: Readonly<Record<string, string | undefined>>;
  net?: NetworkOptions;
  signal?: AbortSignal;
}

/** Options of {@link runTopic}: a whole run with an engine, or a run that stops after dedupe. */
export type RunOptions = CommonRunOptions &
  (
    | { engine: DraftEngine; stopAfterDedupe?: undefined }
    | { engine: EngineLabel; stopAfterDedupe: StopAfterDedupe }
  );

/**
 * Runs a topic through fetch, extract, dedupe, draft, critique and write, recording each stage's
 * output in `.pipeline/runs/<run id>/` as it finishes, and the report in `report.md`.
 *
 * @returns The run record. A run with nothing new, or stopped by the budget, is not a failure.
 * @throws PipelineError when a stage is broken; the report is written before it is thrown.
 */
export async function runTopic(options: RunOptions): Promise<RunRecord> {
  const root = resolve(options.root ?? process.cwd());
  // The project config is checked before anything is fetched or locked.
  const config = options.config ?? loadConfig(root);
  const now = options.now ?? (() => new Date());
  const resumed =
    options.resume === undefined
      ? null
      : checkResumable(join(root, '.pipeline', 'runs'), options.resume, options.topic.name);
  // Held from fetch to the report: two runs that both dedupe before either writes would propose
  // the same draft twice.
  const lock = options.stopAfterDedupe
    ? null
    : await acquireProjectLock(root, {
        purpose: `run ${options.topic.name}`,
        logger: options.logger,
        ...(options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
  try {
    return await runLocked(options, root, config, now, resumed);
  } finally {
    lock?.release();
  }
}

async function runLocked(
  options: RunOptions,
  root: string,
  config: ProjectConfig,
  now: () => Date,
  resumed: { record: RunRecord } | null,
): Promise<RunRecord> {
  const runId = options.resume ?? freshRunId(root, now(), options.topic.name);
  const runDir = join(root, '.pipeline', 'runs', runId);
  const ctx: StageContext = {
    topic: options.topic,
    root,
    runId,
    runDir,
    cacheDir: join(root, '.pipeline', 'cache'),
    contentDir: join(root, 'content'),
    config,
    logger: options.logger,
    now,
    env: options.env ?? process.env,
    budget: new Budget(options.topic.budget.usd),
    net: options.net ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const record = freshRecord(ctx, options.engine, now(), resumed?.record ?? null);
  for (const call of options.paidBefore ?? []) {
    ctx.budget.charge(call.usage.usd);
    // A run resumed twice with the same paid call records it once.
    if (!record.details.calls.some((known) => known.requestId === call.requestId))
      record.details.calls.push(call);
  }
  const runner = new StageRunner(
    runDir,
    record,
    options.progress ?? (() => {}),
    options.resume !== undefined,
  );
  runner.save();
  if (!reserveMonth(ctx, runner, record, options)) {
    finish(ctx, runner, record);
    return record;
  }
  try {
    await runStages(ctx, runner, record, options);
  } catch (error) {
    recordPartialLedger(record, error);
    if (error instanceof BudgetExceededError) {
      record.outcome = 'budget-stop';
      record.message = `budget stop: ${error.message}; nothing half-done was written`;
    } else {
      record.outcome = 'failed';
      // An error from outside the pipeline's own (a bug) is put on the stage that was running.
      const running = record.stages.find((stage) => stage.status === 'failed')?.name;
      const stage = error instanceof PipelineError ? error.stage : (running ?? 'run');
      record.error = { stage, message: messageOf(error) };
      record.message = `${stage} failed: ${messageOf(error)}`;
      finish(ctx, runner, record);
      throw error;
    }
  }
  finish(ctx, runner, record);
  return record;
}

/**
 * The monthly budget (project config `budget.monthlyUsd`): a fresh run that can pay for calls
 * reserves its worst case, the topic's `budget.usd`, against what the cost ledger says is left of
 * the month (and of the topic's share). When it does not fit, every stage is skipped and the run
 * ends as a budget stop before anything is fetched or paid for. A resumed run was reserved when it
 * started (one that was stopped here is checked again); an estimate pays for nothing; the offline engine pays nothing. A run batched for a
 * Message Batch keeps its reservation on its ledger line until the batch is collected.
 *
 * @returns false when the run stops here.
 */
function reserveMonth(
  ctx: StageContext,
  runner: StageRunner,
  record: RunRecord,
  options: RunOptions,
): boolean {
  // A batched run pays later, for the batch's answer: it reserves now, like a run that drafts.
  const pays = !options.stopAfterDedupe || options.stopAfterDedupe.outcome === 'batched';
  // A resumed run reserved when it started, unless that start was a monthly budget stop.
  const reserved =
    options.resume !== undefined && !(record.monthlyBudget && !record.monthlyBudget.fits);
  if (!pays || reserved || options.engine.id === 'offline') return true;
  const check = reserveMonthlyBudget(
    ctx.config,
    ctx.topic.name,
    new Date(record.startedAt),
    ctx.topic.budget.usd,
  );
  if (!check) return true;
  record.monthlyBudget = check;
  if (check.fits) {
    record.notes.push(monthlyBudgetSentence(check));
    return true;
  }
  endRun(
    runner,
    record,
    'budget-stop',
    monthlyBudgetSentence(check),
    [...PIPELINE_STAGES],
    'monthly budget stop',
  );
  return false;
}

/** What the first three stages left for the rest of the run. */
interface Gathered {
  fetched: FetchOutput;
  extracted: ExtractOutput;
  deduped: DedupeOutput;
  /** The corpus index, loaded once for dedupe and the critique. */
  corpus: () => Promise<CorpusIndex>;
  /** The agent's web research, when the topic enables it and the run can offer it. */
  research?: ResearchSession;
}

/** The phases in order; a phase returns null when the run ends there (outcome already set). */
async function runStages(
  ctx: StageContext,
  runner: StageRunner,
  record: RunRecord,
  options: RunOptions,
): Promise<void> {
  const gathered = await gatherSources(ctx, runner, record);
  if (!gathered) return;
  const request: DraftRequest = { articles: gathered.deduped.kept, sections: sectionsOf(ctx) };
  if (options.stopAfterDedupe) {
    const stop = options.stopAfterDedupe;
    endRun(
      runner,
      record,
      stop.outcome,
      await stop.take(request, ctx),
      ['draft', 'critique', 'write'],
      stop.why,
    );
    return;
  }
  const engine = options.engine;
  const opened = openResearch(ctx, engine.id, {
    fetched: gathered.fetched,
    kept: gathered.deduped.kept,
    corpus: gathered.corpus,
    writeSource: (article) => writeSourceFile(ctx, article),
  });
  if (opened.note) record.notes.push(opened.note);
  const research = opened.session ?? undefined;
  if (research) {
    gathered.research = research;
    record.details.research = research.log;
  }
  try {
    const paid = paidDraftUsageOf(options);
    const drafted = await draftPhase(ctx, runner, record, engine, gathered, paid);
    if (!drafted) return;
    const reviewed = await critiquePhase(ctx, runner, record, engine, gathered, drafted);
    if (!reviewed) return;
    await writePhase(
      ctx,
      runner,
      record,
      engine,
      gathered,
      addUsage(paid, drafted.usage, reviewed.usage, searchUsageOf(research)),
      reviewed,
    );
  } finally {
    // The record holds the research log itself (one object), so a stop mid-draft keeps it.
    await research?.close();
  }
}

/** What the run's web searches cost, as a usage (dollars only) for the draft's `cost`. */
function searchUsageOf(research: ResearchSession | undefined): Usage {
  return { ...zeroUsage(), usd: research?.spentUsd ?? 0 };
}

/** The run's sources with research's additions (the first three stages' shapes). */
function sourcesOf(gathered: Gathered): Pick<Gathered, 'fetched' | 'extracted' | 'deduped'> {
  return gathered.research
    ? gathered.research.merged(gathered.fetched, gathered.extracted, gathered.deduped)
    : gathered;
}

/**
 * Puts research's requests, drops and sources into the record: the fetch table (provider and page
 * requests), the drops (with their reasons) and the source rows.
 */
function syncResearch(record: RunRecord, gathered: Gathered, cited: Set<string> | null): void {
  const research = gathered.research;
  if (!research) return;
  const all = sourcesOf(gathered);
  record.details.research = research.log;
  record.details.fetches = [...gathered.fetched.records, ...research.requests].map(
    ({ id: _id, finalUrl: _final, ...rest }) => rest,
  );
  record.details.drops = all.deduped.dropped;
  record.sources = buildSourceRows(all.fetched, all.extracted, all.deduped, cited);
}

/** What the draft calls paid before this run (`paidBefore`) cost. */
function paidDraftUsageOf(options: RunOptions): Usage {
  return usageOfCalls((options.paidBefore ?? []).filter((call) => call.stage === 'draft'));
}

/** Ends the run early: the stages left are recorded as skipped, and why. */
function endRun(
  runner: StageRunner,
  record: RunRecord,
  outcome: RunOutcome,
  message: string,
  skipped: PipelineStage[],
  why: string,
): void {
  for (const name of skipped) runner.skip(name, why);
  record.outcome = outcome;
  record.message = message;
}

/** Fetch, extract and dedupe; null when no source is left (the run has nothing new). */
async function gatherSources(
  ctx: StageContext,
  runner: StageRunner,
  record: RunRecord,
): Promise<Gathered | null> {
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

  let loaded: CorpusIndex | undefined;
  const corpus = async () =>
    (loaded ??= await loadProjectCorpus(ctx.config, {
      cacheDir: ctx.cacheDir,
      logger: ctx.logger,
    }));
  const deduped = await runner.stage<DedupeOutput>(
    'dedupe',
    async () => dedupe({ articles: extracted.articles, corpus: await corpus() }, ctx),
    (out) => `${out.kept.length} kept, ${out.dropped.length} dropped`,
  );
  record.details.drops = deduped.dropped;
  record.sources = buildSourceRows(fetched, extracted, deduped, null);
  if (deduped.kept.length === 0) {
    endRun(
      runner,
      record,
      'nothing-new',
      'nothing new to propose: every source failed or was already covered',
      ['draft', 'critique', 'write'],
      'no new source',
    );
    return null;
  }
  return { fetched, extracted, deduped, corpus };
}

/** The draft stage; null when the engine found nothing to draft. */
async function draftPhase(
  ctx: StageContext,
  runner: StageRunner,
  record: RunRecord,
  engine: DraftEngine,
  gathered: Gathered,
  paid: Usage,
): Promise<(DraftOutput & { content: DraftContent }) | null> {
  const research = gathered.research;
  const drafted = await runner.stage<DraftOutput>(
    'draft',
    () =>
      draft({ articles: gathered.deduped.kept, ...(research ? { research } : {}) }, ctx, engine),
    (out) =>
      out.content
        ? `${wordCountOf(out.content)} words, ${citedOf(out.content).size} sources cited`
        : 'no draft',
  );
  // A draft read back from the run folder (e.g. collected from a Message Batch) was paid for
  // already: it counts against this topic's budget before any revision is paid for.
  if (record.stages.find((stage) => stage.name === 'draft')?.status === 'resumed') {
    ctx.budget.charge(drafted.usage.usd);
  }
  record.usageByStage.draft = addUsage(paid, drafted.usage);
  record.details.calls.push(...drafted.calls);
  record.notes.push(...drafted.notes);
  syncResearch(record, gathered, null);
  const content = drafted.content;
  if (!content) {
    endRun(
      runner,
      record,
      'nothing-new',
      'nothing new to propose: the engine found nothing to draft',
      ['critique', 'write'],
      'no draft',
    );
    return null;
  }
  return { ...drafted, content };
}

/** The critique stage (checks and bounded revision); null when revision left no sentence. */
async function critiquePhase(
  ctx: StageContext,
  runner: StageRunner,
  record: RunRecord,
  engine: DraftEngine,
  gathered: Gathered,
  drafted: DraftOutput & { content: DraftContent },
): Promise<CritiqueStageOutput | null> {
  const articles = gathered.deduped.kept;
  const research = gathered.research;
  // The critique reads the draft file as an editor would (see the critique's README); sources
  // research adds during a revision are in its frontmatter from then on.
  const preview = (content: DraftContent) =>
    renderDraft(
      content,
      metaOf(ctx, engine, articlesOf(gathered), slugOf(content.title), [], zeroUsage()),
    );
  const reviewed = await runner.stage<CritiqueStageOutput>(
    'critique',
    async () =>
      critiqueAndRevise(drafted.content, ctx, {
        engine,
        articles,
        sections: sectionsOf(ctx),
        render: preview,
        corpus: await gathered.corpus(),
        ...(research ? { research } : {}),
      }),
    (out) =>
      `${out.findings.length} findings (${out.findings.filter((f) => f.severity === 'error').length} error), ${out.revisions.length} revision round(s)`,
  );
  record.usageByStage.critique = reviewed.usage;
  record.details.calls.push(...reviewed.calls);
  record.details.findings = reviewed.findings;
  record.details.revisions = reviewed.revisions;
  record.notes.push(...reviewed.notes);
  syncResearch(record, gathered, null);
  if (wordCountOf(reviewed.content) === 0) {
    endRun(
      runner,
      record,
      'nothing-new',
      'nothing new to propose: revision removed every sentence',
      ['write'],
      'revision left no sentence',
    );
    return null;
  }
  return reviewed;
}

/** The write stage: the draft file in `content/pending/`, and the record's `draft`. */
async function writePhase(
  ctx: StageContext,
  runner: StageRunner,
  record: RunRecord,
  engine: DraftEngine,
  gathered: Gathered,
  cost: Usage,
  reviewed: CritiqueStageOutput,
): Promise<void> {
  const { content, findings } = reviewed;
  const articles = articlesOf(gathered);
  const written = await runner.stage<WriteOutput>(
    'write',
    () =>
      writeDraft(
        {
          slug: slugOf(content.title),
          render: (slug) =>
            renderDraft(content, metaOf(ctx, engine, articles, slug, findings, cost)),
        },
        ctx,
      ),
    (out) => out.path,
  );
  const all = sourcesOf(gathered);
  record.sources = buildSourceRows(all.fetched, all.extracted, all.deduped, citedOf(content));
  record.draft = {
    path: written.path,
    slug: written.slug,
    title: content.title,
    words: wordCountOf(content),
  };
  record.outcome = 'drafted';
  record.message = `drafted ${written.path}`;
  recordEvidence(ctx, record, articles, findings, cost, written.path);
}

/**
 * Writes the draft's evidence (`evidence.json`) into the run folder: every sentence of the draft
 * as written beside the passages of its cited sources. The draft is already written, so a failure
 * here is recorded in the notes (the run still proposed its draft), never swallowed.
 */
function recordEvidence(
  ctx: StageContext,
  record: RunRecord,
  articles: Article[],
  findings: CritiqueStageOutput['findings'],
  cost: Usage,
  path: string,
): void {
  try {
    writeEvidence(ctx.runDir, {
      draft: readFileSync(join(ctx.root, path), 'utf8'),
      draftPath: path,
      sources: articles.map((article) => ({
        id: article.id,
        url: article.url,
        title: article.title ?? article.url,
        text: article.markdown,
      })),
      findings,
      drops: record.details.drops,
      cost,
      runId: ctx.runId,
    });
  } catch (error) {
    ctx.logger.warn(`evidence: not written: ${messageOf(error)}`);
    record.notes.push(`evidence view not written: ${messageOf(error)}`);
  }
}

/** The sources a draft may cite: those dedupe kept, then those research added. */
function articlesOf(gathered: Gathered): Article[] {
  return [...gathered.deduped.kept, ...(gathered.research?.added ?? [])];
}

function metaOf(
  ctx: StageContext,
  engine: EngineLabel,
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
    draftFlag: ctx.config.frontmatter.draft,
  };
}

/**
 * The calls a failed stage made before it failed were paid for: they go on record, each booked
 * under the stage that made it.
 */
function recordPartialLedger(record: RunRecord, error: unknown): void {
  if (!(error instanceof PipelineError)) return;
  for (const call of error.calls) {
    record.details.calls.push(call);
    record.usageByStage[call.stage] = addUsage(
      record.usageByStage[call.stage] ?? zeroUsage(),
      call.usage,
    );
  }
}

function finish(ctx: StageContext, runner: StageRunner, record: RunRecord): void {
  record.finishedAt = ctx.now().toISOString();
  // A run that paid, drafted or was stopped by a budget is a line of the month (a resumed run's
  // new line supersedes its earlier one); a run that cost nothing and proposed nothing is not.
  let ledgerError: Error | null = null;
  if (isCostLineWorthy(record)) {
    try {
      appendCostLine(ctx.config, costLineOf(record, ctx.now()));
    } catch (error) {
      ledgerError = error instanceof Error ? error : new Error(String(error));
      const note = `cost ledger: could not append this run's line to ${ctx.config.costs}/: ${ledgerError.message}`;
      record.notes.push(note);
      ctx.logger.warn(note);
    }
  }
  runner.save();
  writeFileAtomic(join(ctx.runDir, 'report.md'), renderReport(record));
  // The month's budget reads the ledger: a run that could not write its line is broken, but an
  // earlier failure of the run stays the error it reports.
  if (ledgerError && !record.error) throw ledgerError;
}

function writeSourceFile(ctx: StageContext, article: Article): void {
  const data = { id: article.id, url: article.url, title: article.title ?? article.url };
  writeFileAtomic(
    join(ctx.runDir, 'sources', `${article.id}.md`),
    renderFrontmatter(data, `${article.markdown.trim()}\n`),
  );
}

function wordCountOf(content: DraftContent): number {
  return paragraphsOf(content).reduce(
    (sum, p) => sum + p.sentences.reduce((s, x) => s + countWords(x.text), 0),
    0,
  );
}

function citedOf(content: DraftContent): Set<string> {
  return new Set(paragraphsOf(content).flatMap((p) => p.sentences.flatMap((s) => s.cite)));
}

function freshRunId(root: string, now: Date, topic: string): string {
  const runsDir = join(root, '.pipeline', 'runs');
  mkdirSync(runsDir, { recursive: true });
  const base = runIdOf(now, topic);
  // mkdir without `recursive` fails when the folder exists: two runs started in the same second
  // (an estimate takes no lock) never share a folder.
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(join(runsDir, id));
      return id;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function freshRecord(
  ctx: StageContext,
  engine: EngineLabel,
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
