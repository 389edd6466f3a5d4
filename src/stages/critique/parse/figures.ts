/**
 * Figures in prose: integers, decimals, percentages, money, years, scaled amounts (`2.1bn`,
 * `$5.1 million`), numbers with thousands separators (`1,200`), clock times (`2:55`) and number
 * words (`twelve`), each reduced to a comparable value.
 */

/** One figure found in a text. */
export interface Figure {
  /** The text as written, e.g. `$2.1bn`, `1,200`, `twelve`. */
  raw: string;
  /** The value with its scale applied (`2.1bn` -> 2100000000); for clock times, hours*60+minutes. */
  value: number;
  /** The number before any scale word (`2.1bn` -> 2.1). Equal to `value` when there is no scale. */
  mantissa: number;
  /** Whether it was written as a word (`twelve`): weaker evidence, reported less severely. */
  word: boolean;
}

const SCALES: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  millions: 1e6,
  mn: 1e6,
  mln: 1e6,
  m: 1e6,
  billion: 1e9,
  billions: 1e9,
  bn: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
  trn: 1e12,
};

const NUMBER_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  dozen: 12,
};

// "one" is left out on purpose ("one of the", "no one" are not figures), and so is "hundred",
// which only scales another word ("two hundred").

// A digit run not glued to a preceding letter or digit (so `A380` and `COVID-19`'s letters are
// not split into figures), optional decimals, then an optional scale word. Trailing letters such
// as `9x` or `5G` are allowed: the digits are still the figure.
const NUMERIC =
  /(?<![\p{L}\p{N}.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?::(\d{2}))?(?:\s?(thousand|millions?|billions?|trillion|mn|mln|bn|tn|trn|[kmb])(?![\p{L}]))?/gu;

const WORDS = new RegExp(`\\b(${Object.keys(NUMBER_WORDS).join('|')})\\b`, 'gi');

/**
 * Finds the figures of a text.
 *
 * @param text Prose (footnote markers are ignored).
 * @param numericOnly Leave number words out (default false).
 * @returns Figures in order of appearance (digits first, then number words).
 */
export function figuresOf(text: string, numericOnly = false): Figure[] {
  const clean = text.replace(/\[\^[^\]\s]*\]/g, ' ');
  const out: Figure[] = [];
  for (const m of clean.matchAll(NUMERIC)) {
    const [raw, whole = '', decimals, minutes, scaleWord] = m;
    if (minutes !== undefined && decimals === undefined) {
      out.push({
        raw,
        value: Number(whole) * 60 + Number(minutes),
        mantissa: Number(whole),
        word: false,
      });
      continue;
    }
    const mantissa = Number(
      `${whole.replace(/,/g, '')}${decimals === undefined ? '' : `.${decimals}`}`,
    );
    if (!Number.isFinite(mantissa)) continue;
    const scale = scaleWord ? (SCALES[scaleWord.toLowerCase()] ?? 1) : 1;
    out.push({ raw: raw.trim(), value: roundOf(mantissa * scale), mantissa, word: false });
  }
  if (!numericOnly) {
    for (const m of clean.matchAll(WORDS)) {
      const value = NUMBER_WORDS[m[1]!.toLowerCase()];
      if (value !== undefined) out.push({ raw: m[0], value, mantissa: value, word: true });
    }
  }
  return out;
}

/**
 * The figures of a text written in digits only (number words left out): cheaper, for passes over
 * many sentences that only compare figures in digits.
 *
 * @param text Prose.
 */
export function numericFiguresOf(text: string): Figure[] {
  return figuresOf(text, true);
}

/**
 * Every value a text mentions, for matching: both the scaled value and the bare mantissa, so
 * `$15 million` in a draft meets `£15m` or `15 million` in a source.
 *
 * @param text Source text.
 */
export function figureValuesOf(text: string): Set<number> {
  const values = new Set<number>();
  for (const figure of figuresOf(text)) {
    values.add(figure.value);
    values.add(figure.mantissa);
  }
  return values;
}

/**
 * Whether a draft figure is among a source's values (by scaled value or by mantissa).
 *
 * @param figure A figure of the draft.
 * @param values Values of the cited sources ({@link figureValuesOf}).
 */
export function hasFigure(figure: Figure, values: ReadonlySet<number>): boolean {
  return values.has(figure.value) || values.has(figure.mantissa);
}

// Floating-point products such as 2.1 * 1e9 are rounded so that equal amounts compare equal.
function roundOf(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
