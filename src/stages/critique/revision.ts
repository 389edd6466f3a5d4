import type { Finding } from './types.js';

// Kinds whose `sentence` is not a draft sentence: a requirement name, a source passage, or a
// stand-in for the whole draft. Dropping a sentence cannot fix them.
const NOT_SENTENCE_KINDS = new Set(['definition-of-done', 'too-close-to-corpus']);

/**
 * Normalises a sentence for matching between a draft and its findings: footnote markers dropped,
 * quotes, dashes and whitespace unified, lower case.
 *
 * @param sentence A draft sentence, with or without its `[^id]` markers.
 */
export function normaliseSentence(sentence: string): string {
  return sentence
    .normalize('NFKC')
    .replace(/\[\^[^\]\s]*\]/g, '')
    .replace(/[\u2018\u2019\u201A\u201B`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

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

/**
 * Whether a draft sentence is to be dropped, given {@link sentencesToDrop}'s set. A sentence
 * matches when it equals a dropped text or is one of the sentences a multi-sentence finding joined.
 *
 * @param sentence A draft sentence (markers allowed).
 * @param drop The set from {@link sentencesToDrop}.
 */
export function isDropped(sentence: string, drop: ReadonlySet<string>): boolean {
  const normal = normaliseSentence(sentence);
  if (normal === '') return false;
  if (drop.has(normal)) return true;
  for (const text of drop) if (text.length > normal.length && text.includes(normal)) return true;
  return false;
}
