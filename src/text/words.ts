/**
 * Words, stems and names of a text: one place decides what "the same words" means for the
 * critique's comparisons and the drafting engines' ranking.
 */
import { FOOTNOTE_MARKER } from './normalise.js';
import { STOPWORDS } from './stopwords.js';

export { normaliseText } from './normalise.js';

const NUMBER_WORDS = new Set(
  'two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand million billion dozen'.split(
    ' ',
  ),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

// The same for text whose letters are all Latin, Greek or Cyrillic (nearly every source): a plain
// character class is about 2.5 times faster than Unicode property escapes, and gives the same words.
const LETTERS =
  'a-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u03ff\u0400-\u052f';
const DIGITS = '0-9\u00b2\u00b3\u00b9\u00bc-\u00be';
const WORD_EUROPEAN = new RegExp(`[${LETTERS}${DIGITS}]+(?:['’][${LETTERS}]+)*`, 'g');
// Anything outside those scripts, general punctuation and currency signs needs the Unicode regex.
// eslint-disable-next-line no-control-regex
const NOT_EUROPEAN = /[^\u0000-\u052f\u2000-\u206f\u20a0-\u20cf]/;

function matchWords(folded: string): string[] {
  return folded.match(NOT_EUROPEAN.test(folded) ? WORD : WORD_EUROPEAN) ?? [];
}

/**
 * The words of a text in order, normalised (lower case, straight apostrophes), punctuation dropped.
 *
 * @param text Any text.
 */
export function wordsOf(text: string): string[] {
  return matchWords(foldOf(text));
}

/**
 * {@link wordsOf} for many sentences at once: the Unicode folding runs once over all of them,
 * which is most of the cost.
 *
 * @param sentences Sentences without line breaks (as `splitSentences` returns them).
 */
export function wordsBySentenceOf(sentences: readonly string[]): string[][] {
  return foldOf(sentences.join('\n'))
    .split('\n')
    .map((sentence) => matchWords(sentence));
}

// Only what changes word boundaries or spelling is normalised here (no whitespace collapse).
function foldOf(text: string): string {
  // eslint-disable-next-line no-control-regex
  const unicode = /[^\u0000-\u007f]/.test(text)
    ? text.normalize('NFKC').replace(/[\u2018\u2019\u201A\u201B\u2032´]/g, "'")
    : text;
  return unicode.replace(/`/g, "'").toLowerCase();
}

/**
 * A crude English stem: enough to make `suspended`/`suspends`/`suspension` or `rates`/`rate`
 * meet, never meant to be linguistically right. Both sides of a comparison go through it.
 *
 * @param word A lower-case word.
 */
export function stemOf(word: string): string {
  const cached = STEMS.get(word);
  if (cached !== undefined) return cached;
  const stem = computeStem(word);
  // The cache is bounded so that a long-running process does not grow without limit.
  if (STEMS.size > 100_000) STEMS.clear();
  STEMS.set(word, stem);
  return stem;
}

const STEMS = new Map<string, string>();

function computeStem(word: string): string {
  let w = word.replace(/'s$/, '').replace(/'/g, '');
  if (w.length <= 3) return w;
  w = w.replace(/(?:ies|ied)$/, 'y').replace(/(?:sses)$/, 'ss');
  w = w.replace(/(?:ations|ation|ments|ment|ions|ion|ing|ed|es|ly|s)$/, '');
  // A final silent e and a doubled consonant go, so reduce/reducing and stop/stopped meet.
  if (w.length > 3) w = w.replace(/e$/, '').replace(/([b-df-hj-km-np-rt-z])\1$/, '$1');
  // Truncation merges most remaining derivations (regulator/regulation/regulatory).
  return w.length > 6 ? w.slice(0, 6) : w;
}

/** Whether a lower-case word is a function word (no claim in it). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * Stems of the content words of a text (function words and bare digits left out: figures have
 * their own check).
 *
 * @param text Any text.
 */
export function contentStemsOf(text: string): string[] {
  return contentStemsOfWords(wordsOf(text));
}

/**
 * The same as {@link contentStemsOf} for words already split by {@link wordsOf}.
 *
 * @param words Normalised words.
 */
export function contentStemsOfWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    let stem = CONTENT_STEMS.get(word);
    if (stem === undefined) {
      // Figures, digits or number words, are left to the figure check.
      const skip =
        isStopword(word) || /^\p{N}+$/u.test(word) || word.length < 2 || NUMBER_WORDS.has(word);
      stem = skip ? '' : stemOf(word);
      if (CONTENT_STEMS.size > 100_000) CONTENT_STEMS.clear();
      CONTENT_STEMS.set(word, stem);
    }
    if (stem !== '') out.push(stem);
  }
  return out;
}

// word -> its content stem, or '' for a word that carries no claim: one lookup per word.
const CONTENT_STEMS = new Map<string, string>();

// Capitalised words that start clauses or are titles rather than names.
const NOT_NAMES = new Set(
  (
    'the a an and but or if in on at for of to from by with as it its this that these those he she they we ' +
    'i you his her their our my there here when where while after before during since until although though ' +
    'because however meanwhile also then so yet still now today yesterday tomorrow monday tuesday wednesday ' +
    'thursday friday saturday sunday january february march april may june july august september october ' +
    'november december mr mrs ms dr sen rep gov gen pres prof st ceo cfo coo cto president chairman chief ' +
    'editor note according some many most more other others one two three four five six seven eight nine ten'
  ).split(/\s+/),
);

/**
 * Names in a text: capitalised words (or all-caps acronyms) that do not start the text and are not
 * common clause openers, titles, months or weekdays. Returned lower case, de-duplicated.
 *
 * @param text A sentence (footnote markers allowed).
 */
export function namesOf(text: string): string[] {
  const clean = text.replace(FOOTNOTE_MARKER, ' ').normalize('NFKC');
  const names = new Set<string>();
  const re = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    const word = m[0];
    if (!/^\p{Lu}/u.test(word)) continue;
    const before = clean.slice(0, m.index).trimEnd();
    // The first word of a sentence or of a quotation is capitalised by grammar, not because it is a name.
    // A full stop after a title abbreviation ("Gov. Kristi Noem") does not start a sentence.
    const afterTitle =
      /\b(?:mr|mrs|ms|dr|prof|sen|rep|gov|gen|lt|col|capt|sgt|st|rev|hon|pres|supt|insp|maj|adm)\.$/i.test(
        before,
      );
    if (before === '' || (/[.!?:"“‘([]$/.test(before) && !afterTitle)) continue;
    const lower = word.toLowerCase().replace(/['’]s$/, '');
    if (NOT_NAMES.has(lower) || lower.length < 2) continue;
    names.add(lower);
  }
  return [...names];
}
