import { normaliseSentence } from '../../text/normalise.js';
import type { Finding } from './types.js';

export { isAmongSentences as isDropped, normaliseSentence } from '../../text/normalise.js';

// Kinds whose `sentence` is not a draft sentence: a requirement name, a source passage, or a
// stand-in for the whole draft. Dropping a sentence cannot fix them.
const NOT_SENTENCE_KINDS = new Set(['definition-of-done', 'too-close-to-corpus']);

/**
 * Which draft sentences the offline engine should remove to clear the `error` findings: the
 * sentence of every error finding whose `sentence` is a draft sentence. Warnings and info are
 * left for the reviewer; `definition-of-done` and `too-close-to-corpus` are whole-draft findings
 * and a `prompt-injection` finding about a source passage (a `warning`) is not a draft sentence.
 * A quote spanning several sentences is reported as their joined text: each of them is dropped.
 *
 * Compare with `normaliseSentence(sentence.text)` of the draft's sentences.
 *
 * @param findings Findings of the critique (any severities).
 * @returns Normalised texts of the sentences to drop.
 */
export function sentencesToDrop(findings: readonly Finding[]): Set<string> {
  const drop = new Set<string>();
  for (const finding of findings) {
    if (finding.severity !== 'error' || NOT_SENTENCE_KINDS.has(finding.kind)) continue;
    if (finding.sentence.trim() === '') continue;
    drop.add(normaliseSentence(finding.sentence));
  }
  return drop;
}
