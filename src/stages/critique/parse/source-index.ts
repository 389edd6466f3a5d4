import { splitFrontmatterLenient } from '../../../core/frontmatter.js';
import { splitSentences } from '../../../text/sentences.js';
import { figureValuesOf } from './figures.js';
import { isInjection } from './injection-patterns.js';
import { contentStemsOfWords, wordsBySentenceOf } from '../../../text/words.js';
import type { SourceText } from '../types.js';

/** Sentences per alignment window: a claim is often spread over two or three source sentences. */
export const WINDOW_SENTENCES = 3;

/** A passage of a source that addresses a model (see `injection-patterns.ts`). */
export interface InjectedPassage {
  source: string;
  passage: string;
  /**
   * Where the passage sat: the index in {@link SourceIndex.sentences} of the trusted sentence that
   * followed it (the passage itself is not in that list).
   */
  at: number;
}

/** A source prepared once for all the checks. */
export interface SourceIndex {
  id: string;
  title: string;
  /** The source's URL as given (`''` when unknown): names the publication. */
  url: string;
  /** ` word word ... ` (normalised words, space-padded) for verbatim phrase search. */
  phrase: string;
  /** The same with possessive `'s` dropped (`fx's` -> `fx`), for finding names. */
  bare: string;
  /** Content stems of the trusted text. */
  stems: ReadonlySet<string>;
  /** Values of the figures in the trusted text. */
  figures: ReadonlySet<number>;
  /** The trusted sentences, in order (the title first when there is one). */
  sentences: readonly string[];
  /** Content stem -> indices of the sentences holding it (ascending), for window alignment. */
  postings: ReadonlyMap<string, readonly number[]>;
  /** Passages that give orders to a model: excluded from everything above. */
  injections: InjectedPassage[];
}

/**
 * Prepares a source for the checks. Passages that address a model are set aside: web content is
 * data, never instructions, so an injected claim can never count as support for a draft sentence.
 * The result is cached per source object (and its text), so that revision rounds pay once.
 *
 * @param source A source (its text may still carry frontmatter; it is stripped).
 */
export function indexSource(source: SourceText): SourceIndex {
  // Revision rounds critique the same sources again: prepare each source object once.
  const cached = PREPARED.get(source);
  if (cached && cached.text === source.text) return cached.index;
  const index = buildIndex(source);
  PREPARED.set(source, { text: source.text, index });
  return index;
}

// Keyed by the source object, so the cache lives exactly as long as the caller's sources do.
const PREPARED = new WeakMap<SourceText, { text: string; index: SourceIndex }>();

function buildIndex(source: SourceText): SourceIndex {
  const text = splitFrontmatterLenient(source.text).body;
  const trusted: string[] = [];
  const injections: InjectedPassage[] = [];
  for (const sentence of splitSentences(text)) {
    if (isInjection(sentence))
      injections.push({ source: source.id, passage: sentence, at: trusted.length });
    else trusted.push(sentence);
  }
  // The title is part of what the source says.
  if (source.title) {
    trusted.unshift(source.title);
    for (const injection of injections) injection.at += 1;
  }
  const joined = trusted.join('\n');
  const sentenceWords = wordsBySentenceOf(trusted);
  const words = sentenceWords.flat();
  const sentenceStems = sentenceWords.map((w) => contentStemsOfWords(w));
  const postings = new Map<string, number[]>();
  sentenceStems.forEach((stems, index) => {
    for (const stem of stems) {
      const list = postings.get(stem);
      if (!list) postings.set(stem, [index]);
      else if (list[list.length - 1] !== index) list.push(index);
    }
  });
  return {
    id: source.id,
    title: source.title,
    url: source.url,
    phrase: ` ${words.join(' ')} `,
    bare: ` ${words.map((word) => (word.endsWith("'s") ? word.slice(0, -2) : word)).join(' ')} `,
    stems: new Set(postings.keys()),
    figures: figureValuesOf(joined),
    sentences: trusted,
    postings,
    injections,
  };
}

/** The best window of a source for a set of stems. */
export interface WindowMatch {
  /** Share of the stems found in the window, 0 to 1. */
  overlap: number;
  /** Index of the window's first sentence (-1 when nothing matched). */
  start: number;
}

/**
 * The window of {@link WINDOW_SENTENCES} consecutive sentences of a source holding the most of
 * the given stems. Computed from the postings (only windows that hold a stem are visited), so the
 * cost follows the stems' occurrences, not the source's length.
 *
 * @param stems Distinct content stems of a draft clause.
 * @param source A prepared source.
 */
export function bestWindowOf(stems: readonly string[], source: SourceIndex): WindowMatch {
  if (stems.length === 0) return { overlap: 1, start: 0 };
  const counts = new Map<number, number>();
  let best = 0;
  let start = -1;
  for (const stem of stems) {
    const list = source.postings.get(stem);
    if (!list) continue;
    // Each window start counts a stem once, however often it occurs inside the window.
    let last = -Infinity;
    for (const index of list) {
      for (let w = Math.max(index - WINDOW_SENTENCES + 1, last + 1, 0); w <= index; w++) {
        const count = (counts.get(w) ?? 0) + 1;
        counts.set(w, count);
        if (count > best || (count === best && w < start)) {
          best = count;
          start = w;
        }
      }
      last = index;
    }
  }
  return { overlap: best / stems.length, start };
}
