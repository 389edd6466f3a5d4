/**
 * Normalising text for comparison: typography (curly vs straight quotes, dash kinds, spacing,
 * case, footnote markers) is ignored, wording never is: a changed word is a changed text.
 */

/** A footnote citation marker, `[^s1]`. */
export const FOOTNOTE_MARKER = /\[\^[^\]\s]*\]/g;

/**
 * Normalises typography for comparison: NFKC, curly quotes and apostrophes to straight ones,
 * every dash to `-`, ellipsis character to `...`, footnote markers dropped, whitespace collapsed,
 * lower case.
 *
 * @param text Any text.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FOOTNOTE_MARKER, ' ')
    .replace(/[\u2018\u2019\u201A\u201B\u2032`´]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033«»]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Normalises a sentence for matching between a draft and its findings: footnote markers dropped,
 * quotes, dashes and whitespace unified, lower case.
 *
 * @param sentence A draft sentence, with or without its `[^id]` markers.
 */
export function normaliseSentence(sentence: string): string {
  return sentence
    .normalize('NFKC')
    .replace(FOOTNOTE_MARKER, '')
    .replace(/[\u2018\u2019\u201A\u201B`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Whether a sentence is one of a set of normalised sentences (e.g. those a critique flagged): it
 * equals one of them, or is one of the sentences that a multi-sentence text joined.
 *
 * @param sentence A draft sentence (markers allowed).
 * @param drop Texts normalised by {@link normaliseSentence}.
 */
export function isAmongSentences(sentence: string, drop: ReadonlySet<string>): boolean {
  const normal = normaliseSentence(sentence);
  if (normal === '') return false;
  if (drop.has(normal)) return true;
  for (const text of drop) if (text.length > normal.length && text.includes(normal)) return true;
  return false;
}
