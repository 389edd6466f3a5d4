import type { DoneSpec } from '../../core/topic.js';
import type { DraftParagraph, DraftSection, DraftSentence } from '../../stages/draft/types.js';
import { normaliseSentence } from '../../text/normalise.js';
import { cosine, type Ranked } from './rank.js';
import { tokensOf } from './sentence-candidates.js';

/** Above this cosine two sentences say the same thing: keep one, cite both sources. */
export const SAME_CLAIM = 0.8;
/** Above this cosine a sentence adds too little to one already chosen. */
export const REDUNDANT = 0.5;
/** Most sentences in one paragraph. */
export const MAX_PARAGRAPH_SENTENCES = 3;

/** A chosen sentence with every source that states it. */
interface Chosen {
  ranked: Ranked;
  cite: string[];
}

/**
 * Chooses sentences: first the best sentence of each source (so the draft cites widely), then the
 * best remaining by score, skipping near-repeats, until the word target is reached.
 *
 * @param ranked Ranked candidates.
 * @param done The topic's definition of done (word range).
 * @param excluded Normalised sentence texts that must not be used (revision).
 */
export function chooseSentences(ranked: Ranked[], done: DoneSpec, excluded: Set<string>): Chosen[] {
  const minWords = Math.max(done.minWords, 150);
  const maxWords = done.maxWords ?? Math.max(minWords * 2, 1200);
  const target = Math.min(Math.round(minWords * 1.15) + 40, Math.round(maxWords * 0.9));
  const pool = ranked
    .filter((candidate) => !excluded.has(normaliseSentence(candidate.text)))
    .sort((a, b) => b.score - a.score);
  const chosen: Chosen[] = [];
  let words = 0;
  const sourceCount = new Set(pool.map((candidate) => candidate.sourceId)).size;
  const perSource = new Map<string, number>();
  // A source may not dominate: at most 40% of the sentences unless there is nothing else.
  const cap = (total: number) => Math.max(2, Math.ceil(total * 0.4));

  const tryAdd = (candidate: Ranked, enforceCap: boolean): boolean => {
    for (const previous of chosen) {
      const similarity = cosine(previous.ranked.vector, candidate.vector);
      if (similarity >= SAME_CLAIM) {
        if (!previous.cite.includes(candidate.sourceId)) previous.cite.push(candidate.sourceId);
        return false;
      }
      if (similarity >= REDUNDANT) return false;
    }
    const used = perSource.get(candidate.sourceId) ?? 0;
    if (enforceCap && sourceCount > 1 && used >= cap(chosen.length + 1)) return false;
    if (words + candidate.words > maxWords) return false;
    chosen.push({ ranked: candidate, cite: [candidate.sourceId] });
    perSource.set(candidate.sourceId, used + 1);
    words += candidate.words;
    return true;
  };

  const seenSources = new Set<string>();
  for (const candidate of pool) {
    if (seenSources.has(candidate.sourceId)) continue;
    if (tryAdd(candidate, false)) seenSources.add(candidate.sourceId);
  }
  for (const enforceCap of [true, false]) {
    for (const candidate of pool) {
      if (words >= target) break;
      if (chosen.some((item) => item.ranked === candidate)) continue;
      tryAdd(candidate, enforceCap);
    }
  }
  return chosen;
}

/**
 * Spreads chosen sentences over the sections: each sentence goes where its words fit the heading
 * best, with a pull towards reading order (early material is background, late material is
 * outlook), and no section left empty while another has more than its share.
 *
 * @param chosen Chosen sentences; the best one opens the draft as its intro.
 * @param headings Section headings, in order.
 */
export function layOut(
  chosen: Chosen[],
  headings: string[],
): { intro: DraftParagraph[]; sections: DraftSection[] } {
  if (chosen.length === 0) return { intro: [], sections: [] };
  const [lead, ...rest] = [...chosen].sort((a, b) => b.ranked.score - a.ranked.score);
  const intro: DraftParagraph[] = [{ sentences: [sentenceOf(lead!)] }];
  const byPosition = [...rest].sort(
    (a, b) => a.ranked.relativePosition - b.ranked.relativePosition,
  );
  const count = headings.length;
  const capacity = Math.max(1, Math.ceil(byPosition.length / Math.max(1, count)));
  const cues = headings.map(cuesOf);
  const buckets: Chosen[][] = headings.map(() => []);
  const scored = byPosition.map((item, rank) => {
    const place = byPosition.length > 1 ? rank / (byPosition.length - 1) : 0;
    const fits = headings.map((_, i) => {
      const affinity = overlap(item.ranked.tokens, cues[i]!);
      const order = 1 - Math.abs(place - (i + 0.5) / count);
      return 1.5 * affinity + order;
    });
    return { item, fits };
  });
  // Place the sentences with the clearest preference first.
  scored.sort((a, b) => margin(b.fits) - margin(a.fits));
  for (const { item, fits } of scored) {
    const order = fits.map((fit, i) => ({ fit, i })).sort((a, b) => b.fit - a.fit);
    const target = order.find(({ i }) => buckets[i]!.length < capacity) ?? order[0]!;
    buckets[target.i]!.push(item);
  }
  const sections = headings
    .map((heading, i) => ({ heading, paragraphs: paragraphsOf(buckets[i]!) }))
    .filter((section) => section.paragraphs.length > 0);
  return { intro, sections };
}

function paragraphsOf(items: Chosen[]): DraftParagraph[] {
  // Keep each source's sentences together and in the source's reading order.
  const groups = new Map<string, Chosen[]>();
  for (const item of items) {
    const group = groups.get(item.ranked.sourceId) ?? [];
    group.push(item);
    groups.set(item.ranked.sourceId, group);
  }
  const paragraphs: DraftParagraph[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => a.ranked.position - b.ranked.position);
    for (let i = 0; i < group.length; i += MAX_PARAGRAPH_SENTENCES) {
      paragraphs.push({ sentences: group.slice(i, i + MAX_PARAGRAPH_SENTENCES).map(sentenceOf) });
    }
  }
  return paragraphs;
}

function sentenceOf(item: Chosen): DraftSentence {
  return { text: item.ranked.text, cite: [...item.cite].sort(compareIds) };
}

function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

// Words that signal what a common heading is about, beyond the heading's own words.
const HEADING_CUES: Array<[RegExp, string]> = [
  [
    /background|context|history|overview/i,
    'began since first history previously long decades earlier started study research found known',
  ],
  [
    /chang|new|happen|update|latest/i,
    'new now announced launched introduced changed change this year rose fell increase decrease plan program',
  ],
  [
    /mean|impact|implication|next|future|outlook|matter/i,
    'will could would expect future means impact next should need risk cost benefit help',
  ],
];

function cuesOf(heading: string): Set<string> {
  const words = new Set(tokensOf(heading));
  for (const [pattern, cues] of HEADING_CUES) {
    if (pattern.test(heading)) for (const cue of cues.split(' ')) words.add(cue);
  }
  return words;
}

function overlap(tokens: string[], cues: Set<string>): number {
  if (tokens.length === 0 || cues.size === 0) return 0;
  let hits = 0;
  for (const token of tokens) if (cues.has(token)) hits++;
  return Math.min(1, hits / 3);
}

function margin(fits: number[]): number {
  const sorted = [...fits].sort((a, b) => b - a);
  return (sorted[0] ?? 0) - (sorted[1] ?? 0);
}
