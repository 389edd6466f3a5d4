import { WINDOW_SENTENCES, type SourceIndex } from './parse/source-index.js';

/**
 * Most characters of one cited source shown to the model critic for one draft sentence. One
 * best window of {@link WINDOW_SENTENCES} sentences was too little: the critic reported
 * "unsupported" for a claim whose figure sat one window further on (issue 16). 1,500 characters
 * is about ten news sentences, 550 tokens at the 5.x tokenizer's 2.7 characters per token: a
 * sentence citing two sources costs about 1,100 tokens of passages, so a 60-sentence draft stays
 * near 70,000 input tokens, well inside one critic call.
 */
export const PASSAGE_MAX_CHARS = 1500;

/** Marks a gap between two windows taken from different parts of a source. */
const GAP = ' … ';

/**
 * The passage of a cited source that the critic reads for one draft sentence: the source's windows
 * of {@link WINDOW_SENTENCES} sentences, best first (most of the sentence's stems; ties to the
 * earlier), each trimmed of edge sentences holding none of the stems, added while they fit in
 * `maxChars`, then written in source order with `…` between
 * windows that are not adjacent. The best window always goes in (cut at `maxChars` if it alone is
 * longer); with no stem in common, the source's opening sentences are shown up to the bound.
 *
 * @param stems Distinct content stems of the draft sentence.
 * @param source The prepared cited source.
 * @param maxChars Bound in characters (default {@link PASSAGE_MAX_CHARS}).
 */
export function citedPassageOf(
  stems: readonly string[],
  source: SourceIndex,
  maxChars = PASSAGE_MAX_CHARS,
): string {
  const sentences = source.sentences;
  const windows = rankedWindowsOf(stems, source);
  const order = windows.length > 0 ? windows : sentences.map((_, start) => start);
  // Sentences holding none of the stems are kept inside a window, as context, but not at its
  // edges, where they would only spend the bound.
  const matching = new Set(stems.flatMap((stem) => source.postings.get(stem) ?? []));
  const chosen = new Set<number>();
  let size = 0;
  for (const start of order) {
    let from = start;
    let to = Math.min(start + WINDOW_SENTENCES, sentences.length) - 1;
    if (windows.length > 0) {
      while (from < to && !matching.has(from)) from++;
      while (to > from && !matching.has(to)) to--;
    }
    const fresh: number[] = [];
    for (let i = from; i <= to; i++) if (!chosen.has(i)) fresh.push(i);
    // Each sentence costs its length and a separator; counted generously so the bound holds.
    const added = fresh.reduce((sum, i) => sum + (sentences[i]?.length ?? 0) + GAP.length, 0);
    if (chosen.size > 0 && size + added > maxChars) {
      if (windows.length === 0) break;
      continue;
    }
    for (const i of fresh) chosen.add(i);
    size += added;
    if (size >= maxChars) break;
  }
  const picked = [...chosen].sort((a, b) => a - b);
  const text = picked
    .map((i, k) => (k > 0 && picked[k - 1] !== i - 1 ? GAP.trimStart() : '') + sentences[i])
    .join(' ');
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1).trimEnd()}…`;
}

/**
 * Window starts that hold at least one of the stems, by the number of distinct stems they hold
 * (most first, ties to the earlier start). From the postings, as `bestWindowOf`.
 */
function rankedWindowsOf(stems: readonly string[], source: SourceIndex): number[] {
  const counts = new Map<number, number>();
  for (const stem of new Set(stems)) {
    const list = source.postings.get(stem);
    if (!list) continue;
    // Each window start counts a stem once, however often it occurs inside the window.
    let last = -Infinity;
    for (const index of list) {
      for (let w = Math.max(index - WINDOW_SENTENCES + 1, last + 1, 0); w <= index; w++)
        counts.set(w, (counts.get(w) ?? 0) + 1);
      last = index;
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([start]) => start);
}
