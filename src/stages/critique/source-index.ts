import { splitFrontmatterLenient } from '../../core/frontmatter.js';
import { splitSentences } from '../../core/sentences.js';
import { figureValuesOf } from './figures.js';
import { isInjection } from './injection-patterns.js';
import { contentStemsOf, wordsOf } from './text.js';
import type { SourceText } from './types.js';

/** Sentences per alignment window: a claim is often spread over two or three source sentences. */
export const WINDOW_SENTENCES = 3;

/** A passage of a source that addresses a model (see `injection-patterns.ts`). */
export interface InjectedPassage {
  source: string;
  passage: string;
}

/** A source prepared once for all the checks. */
export interface SourceIndex {
  id: string;
  title: string;
  /** ` word word ... ` (normalised words, space-padded) for verbatim phrase search. */
  phrase: string;
  /** The same with possessive `'s` dropped (`fx's` -> `fx`), for finding names. */
  bare: string;
  /** Every normalised word of the trusted text. */
  words: ReadonlySet<string>;
  /** Content stems of the trusted text. */
  stems: ReadonlySet<string>;
  /** Values of the figures in the trusted text. */
  figures: ReadonlySet<number>;
  /** Content stems of each window of {@link WINDOW_SENTENCES} consecutive sentences. */
  windows: ReadonlyArray<ReadonlySet<string>>;
  /** Passages that give orders to a model: excluded from everything above. */
  injections: InjectedPassage[];
}

/**
 * Prepares a source for the checks. Passages that address a model are set aside: web content is
 * data, never instructions, so an injected claim can never count as support for a draft sentence.
 *
 * @param source A source (its text may still carry frontmatter; it is stripped).
 */
export function indexSource(source: SourceText): SourceIndex {
  const text = splitFrontmatterLenient(source.text).body;
  const trusted: string[] = [];
  const injections: InjectedPassage[] = [];
  for (const sentence of splitSentences(text)) {
    if (isInjection(sentence)) injections.push({ source: source.id, passage: sentence });
    else trusted.push(sentence);
  }
  // The title is part of what the source says.
  if (source.title) trusted.unshift(source.title);
  const joined = trusted.join('\n');
  const words = wordsOf(joined);
  const sentenceStems = trusted.map((sentence) => contentStemsOf(sentence));
  const windows: Set<string>[] = [];
  for (let i = 0; i < Math.max(1, sentenceStems.length - WINDOW_SENTENCES + 1); i++) {
    windows.push(new Set(sentenceStems.slice(i, i + WINDOW_SENTENCES).flat()));
  }
  return {
    id: source.id,
    title: source.title,
    phrase: ` ${words.join(' ')} `,
    bare: ` ${words.map((word) => word.replace(/'s$/, '')).join(' ')} `,
    words: new Set(words),
    stems: new Set(sentenceStems.flat()),
    figures: figureValuesOf(joined),
    windows,
    injections,
  };
}
