import type { Check, CheckContext } from './check-context.js';
import { bestWindowOf } from '../parse/source-index.js';
import { contentStemsOf } from '../../../text/words.js';
import type { Finding } from '../types.js';

/** Shared content words from which a draft sentence is taken to repeat an injected passage. */
export const REPEAT_MIN_SHARED = 3;
/** Share of the draft sentence's content words that must come from the injected passage. */
export const REPEAT_MIN_SHARE = 0.5;

/**
 * `prompt-injection`: each source passage that gives orders to a model (see
 * `injection-patterns.ts`) is reported as a `warning` with the source id and the passage; a draft
 * sentence that repeats such a passage (at least {@link REPEAT_MIN_SHARED} content words and
 * {@link REPEAT_MIN_SHARE} of its own content words shared with it, and more of them than the best
 * trusted window of any source holds) is an `error`: the draft followed an instruction planted in
 * web content.
 */
export const checkPromptInjection: Check = (ctx) => {
  const findings: Finding[] = [];
  for (const source of ctx.sources.values()) {
    for (const injection of source.injections) {
      // The passage is not among the trusted sentences: an empty span marks where it sat.
      const evidence = {
        source: source.id,
        passage: injection.passage,
        sentences: [injection.at, injection.at] as [number, number],
      };
      findings.push({
        kind: 'prompt-injection',
        severity: 'warning',
        sentence: injection.passage,
        source: source.id,
        detail: `source ${source.id} (${source.title || 'untitled'}) contains text addressed to an AI/automated reader; it was treated as data and excluded from support`,
        evidence,
      });
      const injected = new Set(contentStemsOf(injection.passage));
      for (const sentence of ctx.draft.sentences) {
        const stems = [...new Set(contentStemsOf(sentence.text))];
        const shared = stems.filter((stem) => injected.has(stem)).length;
        const share = shared / Math.max(1, stems.length);
        if (shared < REPEAT_MIN_SHARED || share < REPEAT_MIN_SHARE) continue;
        // A sentence the trusted text explains at least as well (the injection reused words of the
        // article around it) is not following the injection.
        if (trustedShareOf(stems, ctx) >= share) continue;
        findings.push({
          kind: 'prompt-injection',
          severity: 'error',
          sentence: sentence.text,
          source: source.id,
          detail: `draft sentence repeats an instruction planted in ${source.id}: ${shared} of its ${stems.length} content words come from "${injection.passage}", more than any trusted passage of the sources holds`,
          evidence: { ...evidence, score: Math.round(share * 1000) / 1000 },
        });
      }
    }
  }
  return findings;
};

// The best share of the stems that any trusted window of any source holds.
function trustedShareOf(stems: string[], ctx: CheckContext): number {
  let best = 0;
  for (const source of ctx.sources.values())
    best = Math.max(best, bestWindowOf(stems, source).overlap);
  return best;
}
