import type { Check } from './check-context.js';
import { isFactual } from './factual.js';
import type { Finding } from '../types.js';

/**
 * `missing-citation`: a factual sentence (figures, names, quotes, claims; see `isFactual`) that
 * carries no `[^id]` citation. The draft format requires one on every factual statement, so this
 * is an `error`.
 */
export const checkMissingCitation: Check = (ctx) => {
  const findings: Finding[] = [];
  for (const sentence of ctx.draft.sentences) {
    if (sentence.cites.length > 0 || !isFactual(sentence.text)) continue;
    findings.push({
      kind: 'missing-citation',
      severity: 'error',
      sentence: sentence.text,
      source: null,
      detail: `factual sentence (figures, names or a claim) in section "${sentence.section || '(intro)'}" has no [^id] citation`,
    });
  }
  return findings;
};
