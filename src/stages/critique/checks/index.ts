import type { Check, CheckContext } from './check-context.js';
import { checkDefinitionOfDone } from './definition-of-done.js';
import { checkMissingCitation } from './missing-citation.js';
import { checkNumberNotInSource } from './number-not-in-source.js';
import { checkPromptInjection } from './prompt-injection.js';
import { checkQuoteNotInSource } from './quote-not-in-source.js';
import { checkSingleSourceConsensus } from './single-source-consensus.js';
import { checkStaleRelativeTime } from './stale-relative-time.js';
import { checkTemplateSyntax } from './template-syntax.js';
import { checkTooCloseToCorpus } from './too-close-to-corpus.js';
import { checkUnknownSource } from './unknown-source.js';
import { checkUnsupportedCitation } from './unsupported-citation.js';
import { parseDraft } from '../parse/parse-draft.js';
import { indexSource, type SourceIndex } from '../parse/source-index.js';
import type { CritiqueInput, CritiqueOutput, Finding } from '../types.js';

/** The deterministic checks, in the order their findings are listed. */
export const CHECKS: ReadonlyArray<readonly [string, Check]> = [
  ['definition-of-done', checkDefinitionOfDone],
  ['unknown-source', checkUnknownSource],
  ['missing-citation', checkMissingCitation],
  ['quote-not-in-source', checkQuoteNotInSource],
  ['number-not-in-source', checkNumberNotInSource],
  ['unsupported-citation', checkUnsupportedCitation],
  ['single-source-consensus', checkSingleSourceConsensus],
  ['prompt-injection', checkPromptInjection],
  ['too-close-to-corpus', checkTooCloseToCorpus],
  ['template-syntax', checkTemplateSyntax],
  ['stale-relative-time', checkStaleRelativeTime],
];

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Parses the draft and prepares the sources once, for all the checks.
 *
 * @param input The critique's input.
 */
export function checkContextOf(input: CritiqueInput): CheckContext {
  const draft = parseDraft(input.draft);
  const sources = new Map<string, SourceIndex>();
  for (const source of input.sources) sources.set(source.id, indexSource(source));
  const known = new Set(draft.sources.length > 0 ? draft.sources.map((s) => s.id) : sources.keys());
  const ctx: CheckContext = { draft, sources, known };
  if (input.done) ctx.done = input.done;
  if (input.corpus) ctx.corpus = input.corpus;
  return ctx;
}

/**
 * The deterministic critique: parses the draft, prepares the sources once, runs every check.
 * Synchronous and pure (no I/O, no clock, no model): the same input gives the same findings.
 *
 * @param input The draft file text, the sources it may cite, and optionally the topic's
 *   definition of done and the corpus index.
 * @returns Findings, errors first, then in check order and draft order.
 */
export function critique(input: CritiqueInput): CritiqueOutput {
  const ctx = checkContextOf(input);
  const findings: Finding[] = CHECKS.flatMap(([, check]) => check(ctx));
  // A stable sort keeps check order and draft order within a severity.
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { findings };
}
