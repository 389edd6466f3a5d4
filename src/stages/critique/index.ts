import type { StageContext } from '../../core/context.js';
import { BudgetExceededError, PipelineError } from '../../core/errors.js';
import { addUsage, usageOfCalls, zeroUsage, type ModelCall, type Usage } from '../../core/usage.js';
import type { CorpusIndex } from '../../corpus/types.js';
import type { DraftEngine, Research } from '../../engines/types.js';
import type { Article, DraftContent } from '../draft/types.js';
import { critiqueWithModel } from './model-critic.js';
import { sentencesToDrop } from './revision.js';
import type { Finding, ModelCritic, SourceText } from './types.js';

export { critique, checkContextOf, CHECKS } from './checks/index.js';
export { parseDraft } from './parse/parse-draft.js';
export { critiqueWithModel } from './model-critic.js';
export { isDropped, normaliseSentence, sentencesToDrop } from './revision.js';

/** Default number of revision rounds that `error` findings may trigger. */
export const DEFAULT_REVISION_ROUNDS = 2;

/** One revision round, as the report shows it. */
export interface Revision {
  round: number;
  errorsBefore: number;
  removed: string[];
  added: number;
}

/** Output of the critique stage: the final draft and what remains for the reviewer. */
export interface CritiqueStageOutput {
  content: DraftContent;
  findings: Finding[];
  revisions: Revision[];
  usage: Usage;
  calls: ModelCall[];
  notes: string[];
}

/** Options of {@link critiqueAndRevise}. */
export interface ReviewLoopOptions {
  engine: DraftEngine;
  articles: Article[];
  sections: string[];
  /** Renders the content as a draft file (the critique reads the file as an editor would). */
  render: (content: DraftContent) => string;
  corpus?: CorpusIndex;
  /** Revision rounds at most (default {@link DEFAULT_REVISION_ROUNDS}). */
  maxRounds?: number;
  /**
   * Web research (issue 23): offered to a revision whose errors a second source could fix
   * ({@link isCorroborationFinding}) before it drops the claim. Sources it adds join
   * `articles` for the next check.
   */
  research?: Research & { readonly added: Article[] };
}

/**
 * Whether a finding is one that corroboration could fix: a claim stated as consensus on one
 * source, a citation that does not support its sentence, or fewer distinct sources than
 * `done.minSources`.
 *
 * @param finding A critique finding.
 */
export function isCorroborationFinding(finding: Finding): boolean {
  return (
    finding.kind === 'single-source-consensus' ||
    finding.kind === 'unsupported-citation' ||
    (finding.kind === 'definition-of-done' && finding.sentence === 'minSources')
  );
}

/**
 * The critique stage: critiques the draft and, while `error` findings remain, asks the engine for
 * a bounded number of revisions. Every round is recorded with the sentences it removed: a draft is
 * never silently "fixed". What remains after the last round is returned for the draft's `review`
 * list.
 *
 * Every model call of the stage (the critic's, the revisions') is a `critique` call. When one
 * fails, the error is thrown with every call the stage paid for on its ledger
 * (`PipelineError.calls`), so the run record books them under `critique`.
 *
 * @param initial The draft from the draft stage.
 * @param ctx Stage context (topic, budget, ...).
 * @param options The engine, the sources, the renderer and the corpus.
 */
export async function critiqueAndRevise(
  initial: DraftContent,
  ctx: StageContext,
  options: ReviewLoopOptions,
): Promise<CritiqueStageOutput> {
  const maxRounds = options.maxRounds ?? DEFAULT_REVISION_ROUNDS;
  const output: CritiqueStageOutput = {
    content: initial,
    findings: [],
    revisions: [],
    usage: zeroUsage(),
    calls: [],
    notes: [],
  };
  try {
    return await reviseWhileErrors(output, ctx, options, maxRounds);
  } catch (error) {
    // The calls the stage made before the failure were paid for: they travel with the error.
    if (error instanceof PipelineError) throw error.addEarlierCalls(output.calls);
    throw error;
  }
}

/**
 * Warnings a revision fixes without losing a claim, offered to the engine with the errors: a time
 * word that the draft's date made wrong (`stale-relative-time`) wants a date or a cut, which a
 * model writes and the offline engine makes (`withoutRelativeTimes`). Other warnings are for the
 * reviewer.
 */
const REVISABLE_WARNINGS: ReadonlySet<string> = new Set(['stale-relative-time']);

async function reviseWhileErrors(
  output: CritiqueStageOutput,
  ctx: StageContext,
  options: ReviewLoopOptions,
  maxRounds: number,
): Promise<CritiqueStageOutput> {
  // Research may add sources during a revision: the checks read the list as it is then.
  const articlesNow = () => [
    ...options.articles,
    ...(options.research?.added.filter((a) => !options.articles.some((b) => b.id === a.id)) ?? []),
  ];
  // One SourceText per article for the whole loop: the checks index a source once per object
  // (`indexSource` caches by it), so every round after the first reuses that work.
  const made = new Map<Article, SourceText>();
  const sourcesNow = (): SourceText[] =>
    articlesNow().map((article) => {
      let source = made.get(article);
      if (!source) {
        source = {
          id: article.id,
          url: article.url,
          title: article.title ?? article.url,
          text: article.markdown,
        };
        made.set(article, source);
      }
      return source;
    });
  const initial = output.content;
  const critic = criticOf(options.engine, ctx, output.notes);
  // One check per draft version: the model critic runs at most maxRounds + 1 times per draft.
  const check = async (content: DraftContent): Promise<Finding[]> => {
    const input = { draft: options.render(content), sources: sourcesNow(), done: ctx.topic.done };
    const checked = await critiqueWithModel(
      options.corpus ? { ...input, corpus: options.corpus } : input,
      critic,
    );
    output.usage = addUsage(output.usage, checked.usage);
    output.calls.push(...checked.calls);
    // The offline engine's "skipped: offline" note would repeat every round and say nothing new.
    if (critic) output.notes.push(...checked.notes);
    return checked.findings;
  };
  output.findings = await check(initial);
  for (let round = 1; round <= maxRounds; round++) {
    const errors = output.findings.filter((finding) => finding.severity === 'error');
    const revisable = output.findings.filter(
      (finding) => finding.severity === 'error' || REVISABLE_WARNINGS.has(finding.kind),
    );
    if (revisable.length === 0) break;
    let revised;
    try {
      const corroborate = options.research !== undefined && errors.some(isCorroborationFinding);
      revised = await options.engine.revise(
        {
          articles: articlesNow(),
          sections: options.sections,
          previous: output.content,
          findings: revisable,
          flagged: [...sentencesToDrop(errors)],
          ...(corroborate && options.research ? { research: options.research } : {}),
        },
        ctx,
      );
    } catch (error) {
      // The draft in hand is complete; a revision the budget cannot pay for is skipped, not half-done.
      if (!(error instanceof BudgetExceededError)) throw error;
      output.calls.push(...error.calls);
      output.usage = addUsage(output.usage, usageOfCalls(error.calls));
      output.notes.push(
        `budget stop before revision round ${round}: ${error.message}; kept the draft as it was`,
      );
      break;
    }
    output.usage = addUsage(output.usage, revised.usage);
    output.calls.push(...revised.calls);
    if (!revised.content) {
      output.notes.push(`revision round ${round} produced no draft: kept the previous one`);
      break;
    }
    const before = sentencesOf(output.content);
    const after = sentencesOf(revised.content);
    const removed = [...before].filter((sentence) => !after.has(sentence));
    const added = [...after].filter((sentence) => !before.has(sentence)).length;
    output.revisions.push({ round, errorsBefore: errors.length, removed, added });
    if (removed.length === 0 && added === 0) {
      // Another round would get the same answer: stop spending.
      output.notes.push(
        `revision round ${round} changed nothing: the remaining errors are left for the reviewer`,
      );
      break;
    }
    output.content = revised.content;
    output.findings = await check(revised.content);
  }
  const left = output.findings.filter((finding) => finding.severity === 'error').length;
  if (left > 0 && output.revisions.length === maxRounds) {
    output.notes.push(
      `${left} error finding(s) remain after ${maxRounds} revision round(s): left for the reviewer`,
    );
  }
  return output;
}

/**
 * The engine's model critic bound to the stage context, its notes (text-only answer, refused
 * forced tool) passed on to the report; undefined for an engine without one.
 */
function criticOf(
  engine: DraftEngine,
  ctx: StageContext,
  notes: string[],
): ModelCritic | undefined {
  const critic = engine.critic;
  if (!critic) return undefined;
  return async (request) => {
    const result = await critic(request, ctx);
    notes.push(...(result.notes ?? []));
    return result;
  };
}

function sentencesOf(content: DraftContent): Set<string> {
  return new Set(
    [{ paragraphs: content.intro }, ...content.sections].flatMap((section) =>
      section.paragraphs.flatMap((paragraph) => paragraph.sentences.map((s) => s.text)),
    ),
  );
}
