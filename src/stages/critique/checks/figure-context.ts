import { figuresOf, hasFigure, numericFiguresOf, type Figure } from '../parse/figures.js';
import type { SourceIndex } from '../parse/source-index.js';
import { contentStemsOf, wordsOf } from '../../../text/words.js';

/**
 * What a figure is attached to. "Down from previous guidance of 2.8 percent" may reuse a 2.8 that
 * the source gives for something else: the value is there, its subject is not. A figure's
 * context is the content words of the phrase that holds it (the text between clause punctuation
 * or coordinating conjunctions); each sentence of the source that holds the same value has a
 * context too. A figure is borrowed when no source sentence holding it shares its context, while
 * another source sentence, one with a different figure, does: the source gives that subject a
 * number, just not this one.
 */

/** Content stems a figure's phrase needs before its context is compared (fewer says too little). */
export const FIGURE_CONTEXT_MIN_WORDS = 2;

/**
 * Neighbours of the figure a source sentence must share to be about the same thing (a holder of
 * the value needs this many or the share below; the sentence taken for the draft's subject, both)...
 */
export const FIGURE_CONTEXT_MIN_SHARED = 2;

/** ...and the share of them. */
export const FIGURE_CONTEXT_MIN_SHARE = 0.5;

// Where a figure's phrase ends.
// A comma between digits is a thousands separator, not a break.
// "and" and "from" stay inside: "980 pixels and up for desktop", "slashed from $47 billion".
const PHRASE_BREAK = /(?<!\d),|,(?!\d)|[;:()]|\s[–—-]\s|\s(?:but|while|whereas|compared|versus)\s/;

/** A figure of the draft found in a source, but with another subject there. */
export interface BorrowedFigure {
  figure: Figure;
  /** The draft phrase holding the figure. */
  phrase: string;
  source: string;
  /** Index of a source sentence that holds the value (what it is attached to there). */
  holder: number;
  /** Index of the source sentence that speaks of the draft's subject, with another figure. */
  subject: number;
}

// Per source: the figure values of each sentence, computed on first use (only cited sources of
// sentences with figures pay for it).
const SENTENCE_FIGURES = new WeakMap<SourceIndex, Array<Set<number>>>();

function sentenceFiguresOf(source: SourceIndex): Array<Set<number>> {
  let values = SENTENCE_FIGURES.get(source);
  if (!values) {
    values = source.sentences.map((sentence) => {
      const set = new Set<number>();
      // Judged figures are written in digits: a sentence without one holds none of them.
      if (!/\d/.test(sentence)) return set;
      for (const figure of numericFiguresOf(sentence)) {
        set.add(figure.value);
        set.add(figure.mantissa);
      }
      return set;
    });
    SENTENCE_FIGURES.set(source, values);
  }
  return values;
}

// A year or a bare small count tells too little about its subject to be judged by its phrase.
function isJudged(figure: Figure): boolean {
  if (figure.word) return false;
  if (Number.isInteger(figure.value) && figure.value >= 1800 && figure.value <= 2100) return false;
  return !(Number.isInteger(figure.value) && figure.value < 10);
}

/**
 * The first figure of a sentence that its cited sources hold only attached to something else.
 *
 * @param text The draft sentence (markers removed).
 * @param sources The sources it cites.
 */
export function borrowedFigureOf(text: string, sources: SourceIndex[]): BorrowedFigure | null {
  // Judged figures are written in digits.
  if (!/\d/.test(text)) return null;
  for (const phrase of text.split(PHRASE_BREAK)) {
    const figures = numericFiguresOf(phrase).filter(isJudged);
    for (const figure of figures) {
      const context = contextInOf(text, phrase, figure);
      if (context.stems.length < FIGURE_CONTEXT_MIN_WORDS) continue;
      const found = borrowedIn(figure, context, sources);
      if (found) return { figure, phrase: phrase.trim(), ...found };
    }
  }
  return null;
}

/** Content words on each side of a figure that say what it counts, at most this many. */
export const FIGURE_CONTEXT_REACH = 4;

// The distinct content stems next to a figure in its phrase (its unit and its subject), and the
// one that names what it counts, when it has one.
function contextOf(phrase: string, figure: Figure): { stems: string[]; unit: string | null } {
  const at = phrase.indexOf(figure.raw);
  if (at < 0) return { stems: [], unit: null };
  // Another figure's words are its own: the reach stops at the nearest other figure. Letters
  // glued to the figure ("14th", "5G") are part of it, not its unit.
  // A model name such as "i9" or "A380" is a word, not another figure.
  const head = afterLastFigureOf(phrase.slice(0, at));
  const tail = phrase
    .slice(at + figure.raw.length)
    .replace(/^\p{L}+/u, '')
    .replace(/(?<![\p{L}\p{N}])\d[\s\S]*$/u, '');
  const before = contentStemsOf(head).slice(-FIGURE_CONTEXT_REACH);
  const after = contentStemsOf(tail).slice(0, FIGURE_CONTEXT_REACH);
  return {
    stems: [...new Set([...before, ...after])],
    // The unit follows at once ("30 shots", "2.8 percent", "per week"): after a function word
    // ("$12.9bn from its second listing") the next word is no unit.
    unit: contentStemsOf(wordsOf(tail).filter((w) => w !== 'per')[0] ?? '')[0] ?? null,
  };
}

function borrowedIn(
  figure: Figure,
  { stems, unit }: { stems: string[]; unit: string | null },
  sources: SourceIndex[],
): { source: string; holder: number; subject: number } | null {
  const holds = (source: SourceIndex, i: number, stem: string) =>
    source.postings.get(stem)?.includes(i) === true;
  const sharedOf = (source: SourceIndex, i: number) =>
    stems.filter((stem) => holds(source, i, stem)).length;
  // The same thing: what the figure counts (its unit, when it has one) and two of its
  // neighbours (or all of them, when there are only two); without a unit, half of them.
  const near = (source: SourceIndex, i: number) => {
    const shared = sharedOf(source, i);
    if (unit === null) return shared / stems.length >= FIGURE_CONTEXT_MIN_SHARE;
    // The unit must sit next to the value in the source too ("down 10 percent" elsewhere in the
    // sentence is not "30,154 percent").
    return (
      unitsNextTo(figure, source.sentences[i] ?? '').has(unit) &&
      (shared >= FIGURE_CONTEXT_MIN_SHARED || stems.length <= 2)
    );
  };
  // Another thing that clearly is the draft's subject: both bounds.
  const about = (source: SourceIndex, i: number) => {
    const shared = sharedOf(source, i);
    return shared >= FIGURE_CONTEXT_MIN_SHARED && shared / stems.length >= FIGURE_CONTEXT_MIN_SHARE;
  };
  let candidate: { source: string; holder: number; subject: number } | null = null;
  for (const source of sources) {
    const values = sentenceFiguresOf(source);
    const holders: number[] = [];
    values.forEach((set, i) => {
      if (hasFigure(figure, set)) holders.push(i);
    });
    if (holders.length === 0) continue;
    // A holder about the same thing clears the figure.
    if (holders.some((i) => near(source, i))) return null;
    if (candidate) continue;
    // Only sentences holding at least one of the context words can be about the subject.
    const candidates = [
      ...new Set(stems.flatMap((stem) => [...(source.postings.get(stem) ?? [])])),
    ].sort((a, b) => a - b);
    for (const i of candidates) {
      if (values[i]!.size > 0 && !holders.includes(i) && about(source, i)) {
        candidate = { source: source.id, holder: holders[0]!, subject: i };
        break;
      }
    }
  }
  return candidate;
}

// The neighbours of each occurrence of a figure's value in a source sentence.
function unitsNextTo(figure: Figure, sentence: string): Set<string> {
  const out = new Set<string>();
  for (const phrase of sentence.split(PHRASE_BREAK)) {
    for (const own of figuresOf(phrase)) {
      if (own.value !== figure.value && own.mantissa !== figure.mantissa) continue;
      for (const stem of contextInOf(sentence, phrase, own).stems) out.add(stem);
    }
  }
  return out;
}

// A figure's context in its phrase; an appositive ("Assange, 48, faces ...", "units (38%)") has
// its subject outside its phrase: then the words around it in the sentence say what it is.
function contextInOf(
  sentence: string,
  phrase: string,
  figure: Figure,
): { stems: string[]; unit: string | null } {
  const own = contextOf(phrase, figure);
  if (own.stems.length >= FIGURE_CONTEXT_MIN_WORDS) return own;
  // An appositive describes the word before it (Webb's age, the units' share): that word stands
  // for the unit; what follows is the sentence's verb.
  const at = sentence.indexOf(figure.raw);
  const before = at < 0 ? [] : contentStemsOf(afterLastFigureOf(sentence.slice(0, at)));
  return { stems: contextOf(sentence, figure).stems, unit: before[before.length - 1] ?? null };
}

// The text after the last figure of a text (all of it when it holds none).
function afterLastFigureOf(text: string): string {
  let end = 0;
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])\d[\p{L}\p{N}.,:%]*/gu))
    end = m.index + m[0].length;
  return text.slice(end);
}
