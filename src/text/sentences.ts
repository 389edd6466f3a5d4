/**
 * Sentence splitting for English prose, shared by the offline drafter and the critique.
 *
 * Real article text is untidy: abbreviations (`Dec. 6`, `U.S.`, `Sen.`), initials, decimals,
 * quotes that close after the full stop, and footnote citations after the punctuation
 * (`... said.[^s1]`). A split happens after `.`, `!` or `?` (plus closing quotes, brackets and
 * citations) followed by whitespace and an upper-case letter, digit or opening quote, unless the
 * word before the stop is a known abbreviation or a single initial.
 */

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'ft',
  'gen',
  'gov',
  'sen',
  'rep',
  'rev',
  'hon',
  'pres',
  'lt',
  'col',
  'capt',
  'cmdr',
  'sgt',
  'maj',
  'adm',
  'supt',
  'insp',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thurs',
  'fri',
  'sat',
  'sun',
  'inc',
  'ltd',
  'co',
  'corp',
  'llc',
  'plc',
  'bros',
  'dept',
  'univ',
  'assn',
  'ave',
  'blvd',
  'rd',
  'no',
  'nos',
  'vol',
  'vols',
  'pp',
  'p',
  'ed',
  'eds',
  'est',
  'approx',
  'vs',
  'etc',
  'al',
  'cf',
  'fig',
  'figs',
  'ca',
  'e.g',
  'i.e',
  'u.s',
  'u.k',
  'u.n',
  'a.m',
  'p.m',
  'd.c',
  'n.y',
  'l.a',
]);

// Characters that may trail the terminal punctuation and still belong to the sentence. Sticky
// regexes read at a position instead of slicing the rest of the paragraph at every full stop.
const TRAILING = /(?:["'”’)\]»]|\[\^[^\]\s]+\])*/y;
// What may follow a boundary: whitespace, an optional opening quote or bracket, then a capital or digit.
const NEXT_START = /\s+["'“‘([]?[\p{Lu}\p{N}]/uy;

/**
 * Splits text into sentences. Whitespace inside a sentence is collapsed; paragraph breaks
 * (blank lines) always end a sentence.
 *
 * @param text Plain text or Markdown prose (one paragraph or many).
 * @returns Sentences in order, trimmed, none empty.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const flat = paragraph.replace(/\s+/g, ' ').trim();
    if (flat) sentences.push(...splitParagraph(flat));
  }
  return sentences;
}

function splitParagraph(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const stop = /[.!?]+/g;
  for (let match = stop.exec(text); match; match = stop.exec(text)) {
    let end = match.index + match[0].length;
    TRAILING.lastIndex = end;
    const trailing = TRAILING.exec(text);
    end += trailing ? trailing[0].length : 0;
    // A boundary needs whitespace and then something that can start a sentence.
    NEXT_START.lastIndex = end;
    if (end < text.length && !NEXT_START.test(text)) continue;
    if (match[0] === '.' && isAbbreviation(text, match.index)) continue;
    const sentence = text.slice(start, end).trim();
    if (sentence) out.push(sentence);
    start = end;
    stop.lastIndex = end;
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

function isAbbreviation(text: string, dotIndex: number): boolean {
  const before = text.slice(Math.max(0, dotIndex - 12), dotIndex);
  const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
  if (!word) return false;
  // A single letter (an initial, as in "John F. Kennedy") or dotted initials ("U.S").
  if (/^\p{L}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * Counts words the way the definition of done does: runs of letters or digits (with inner
 * apostrophes, hyphens, dots and commas of numbers).
 */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}
