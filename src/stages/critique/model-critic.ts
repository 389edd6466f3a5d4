import { BudgetExceededError, messageOf } from '../../core/errors.js';
import { zeroUsage, type Usage } from '../../core/usage.js';
import type { ModelCall } from '../../core/usage.js';
import type { CheckContext } from './checks/check-context.js';
import { citedSourcesOf } from './checks/check-context.js';
import { checkContextOf, critique } from './checks/index.js';
import { normaliseSentence } from './revision.js';
import { citedPassageOf } from './cited-passage.js';
import { bestEvidenceOf } from './checks/evidence.js';
import { contentStemsOf } from '../../text/words.js';
import type {
  CitedPassage,
  CriticRequest,
  CriticResult,
  CriticSentence,
  CritiqueInput,
  CritiqueOutput,
  Evidence,
  Finding,
  ModelCritic,
} from './types.js';

export type { CitedPassage, CriticRequest, CriticResult, CriticSentence, ModelCritic };

/** The critique with the model critic's work accounted for. */
export interface ModelCritiqueOutput extends CritiqueOutput {
  usage: Usage;
  calls: ModelCall[];
  /** What the report should say: critic skipped and why, findings refused and why. */
  notes: string[];
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

/**
 * The deterministic checks, then the model critic when one is given. Model findings are kept
 * only when they name a sentence of the draft (a finding about text that is not there is a model
 * error, noted), and never duplicate a deterministic finding of the same kind and sentence.
 * Without a critic, or when it stops on the budget, the deterministic findings stand alone and a
 * note says why. Any other critic failure is rethrown: a broken stage fails loudly.
 *
 * @param input The critique's input.
 * @param critic The model critic, or undefined for the offline engine.
 */
export async function critiqueWithModel(
  input: CritiqueInput,
  critic?: ModelCritic,
): Promise<ModelCritiqueOutput> {
  const deterministic = critique(input).findings;
  if (!critic) {
    return {
      findings: deterministic,
      usage: zeroUsage(),
      calls: [],
      notes: ['model critic skipped: offline engine'],
    };
  }
  const ctx = checkContextOf(input);
  let result: CriticResult;
  try {
    result = await critic(criticRequestOf(ctx, deterministic));
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      return {
        findings: deterministic,
        usage: zeroUsage(),
        calls: [],
        notes: [`model critic skipped: ${messageOf(error)}`],
      };
    }
    throw error;
  }
  const notes: string[] = [];
  const drafted = new Set(ctx.draft.sentences.map((s) => normaliseSentence(s.text)));
  const seen = new Set(deterministic.map((f) => `${f.kind}\u0000${normaliseSentence(f.sentence)}`));
  const added: Finding[] = [];
  for (const finding of result.findings) {
    const key = `${finding.kind}\u0000${normaliseSentence(finding.sentence)}`;
    if (!SEVERITIES.has(finding.severity) || !drafted.has(normaliseSentence(finding.sentence))) {
      notes.push(
        `model finding refused (${finding.kind}): its sentence is not in the draft: "${finding.sentence.slice(0, 80)}"`,
      );
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    const evidence = modelEvidenceOf(finding, ctx);
    added.push({
      ...finding,
      detail: `model critic: ${finding.detail}`,
      ...(evidence ? { evidence } : {}),
    });
  }
  notes.push(
    `model critic: ${added.length} finding(s) added, ${result.calls.length} call(s), $${result.usage.usd.toFixed(4)}`,
  );
  return {
    findings: [...deterministic, ...added],
    usage: result.usage,
    calls: result.calls,
    notes,
  };
}

/**
 * Builds the critic's request: every sentence with the best windows of each source it cites, at
 * most `PASSAGE_MAX_CHARS` (1,500) characters per source (`cited-passage.ts`).
 *
 * @param ctx The check context.
 * @param findings The deterministic findings.
 */
export function criticRequestOf(ctx: CheckContext, findings: Finding[]): CriticRequest {
  const sentences = ctx.draft.sentences.map((sentence): CriticSentence => {
    const stems = [...new Set(contentStemsOf(sentence.text))];
    // Bounded at PASSAGE_MAX_CHARS (1,500 characters) per cited source and sentence: the best
    // windows, not one, so support one window further on is seen (issue 16).
    const passages = citedSourcesOf(sentence, ctx).map((source) => ({
      source: source.id,
      text: citedPassageOf(stems, source),
    }));
    return { text: sentence.text, cites: sentence.cites, section: sentence.section, passages };
  });
  const title = typeof ctx.draft.frontmatter.title === 'string' ? ctx.draft.frontmatter.title : '';
  return { title, sentences, findings };
}

/**
 * The passage a model finding rests on: the critic read the best windows of the sentence's cited
 * sources, so its evidence is the best of them for the sentence (the named source first, when the
 * finding names a known one). A model's own quotation of a passage is not trusted as one.
 */
function modelEvidenceOf(finding: Finding, ctx: CheckContext): Evidence | undefined {
  const named = finding.source ? ctx.sources.get(finding.source) : undefined;
  const sentence = ctx.draft.sentences.find(
    (s) => normaliseSentence(s.text) === normaliseSentence(finding.sentence),
  );
  const sources = named ? [named] : sentence ? citedSourcesOf(sentence, ctx) : [];
  return bestEvidenceOf(finding.sentence, sources);
}
