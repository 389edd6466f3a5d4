/** How long a relative time expression stays true: a day, about a month, or a year. */
export type TimeScale = 'day' | 'month' | 'year';

// Longest first, so that "so far this year" is reported rather than "this year".
const EXPRESSIONS: ReadonlyArray<readonly [RegExp, TimeScale]> = [
  [
    /\b(?:so far this year|earlier this year|later this year|this year|last year|next year|this past year)\b/gi,
    'year',
  ],
  [
    /\b(?:this|last|next|past|earlier this|later this) (?:week|weekend|month)\b|\brecently\b|\bcurrently\b|\bat the moment\b|\bat present\b|\bright now\b|\bas of now\b|\bnow\b/gi,
    'month',
  ],
  [/\b(?:today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening))\b/gi, 'day'],
];

/** A relative time expression found in a text, with its place (`start`, `end`: UTF-16 offsets). */
export interface RelativeTime {
  /** Lower case. */
  expression: string;
  scale: TimeScale;
  start: number;
  end: number;
}

/**
 * The relative time expressions of a text in text order, quotations left out: a quotation's
 * "now" is the speaker's, attributed to when they spoke, not the text's own claim.
 *
 * @param text A sentence.
 */
export function relativeTimeSpansOf(text: string): RelativeTime[] {
  // Blanked out with as many spaces, so that offsets stay those of `text`.
  let rest = text.replace(/["“][^"”]*["”]?/g, (quote) => ' '.repeat(quote.length));
  const found: RelativeTime[] = [];
  for (const [pattern, scale] of EXPRESSIONS) {
    // Blanked too, so that a shorter expression is not found inside a longer one.
    rest = rest.replace(pattern, (expression: string, at: number) => {
      found.push({
        expression: expression.toLowerCase(),
        scale,
        start: at,
        end: at + expression.length,
      });
      return ' '.repeat(expression.length);
    });
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The relative time expressions of a text in text order (lower case, quotations left out), with
 * their scale.
 *
 * @param text A sentence.
 */
export function relativeTimesOf(text: string): Array<{ expression: string; scale: TimeScale }> {
  return relativeTimeSpansOf(text).map(({ expression, scale }) => ({ expression, scale }));
}

// Words after which an expression is the object of a preposition ("since last month", "until
// now", "as of today"): taking it out would leave the preposition hanging.
const GOVERNING =
  /\b(?:of|in|since|until|till|by|for|from|to|than|as|before|after|through|during|between|and|or)\s*$/i;
// Single adverbs that can leave almost any place in a clause.
const ADVERBS = new Set([
  'now',
  'recently',
  'currently',
  'at the moment',
  'at present',
  'right now',
]);
// Words that open what follows an adverbial of time: a preposition, a conjunction, a relative.
const JOINING =
  /^(?:in|on|at|by|for|from|to|with|after|before|when|while|as|and|but|or|that|which|who|where|amid|over|under|into|about|against|following|during)$/i;

/**
 * The sentence with its relative time expressions taken out, where that leaves a sentence that
 * says the same thing without a time it no longer has: an adverb ("now", "recently"), an opening
 * adverbial ("This week, the council ..." -> "The council ..."), or an adverbial before
 * punctuation, a preposition or a conjunction ("published this week in the journal" -> "published
 * in the journal"). Null when one of them does more work in the sentence (a subject or possessive:
 * "This year's budget", "Today is"; the object of a preposition: "since last month"): such a
 * sentence needs a date, not a cut.
 *
 * @param text A sentence (with its citation markers, if any: they are kept).
 */
export function withoutRelativeTimes(text: string): string | null {
  const spans = relativeTimeSpansOf(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    const before = text.slice(at, span.start);
    const after = text.slice(span.end);
    const precededBy = (out + before).trimEnd();
    const opening = precededBy === '' || /[.:;!?]$/.test(precededBy);
    if (/^['’]s\b/.test(after) || GOVERNING.test(precededBy)) return null;
    if (opening) {
      // "Today, the city ..." or "This week the council ...": the clause starts after it.
      const rest = /^,?\s+/.exec(after);
      if (!rest || !/^\s*(?:,\s*)?[A-Za-z]/.test(after)) return null;
      if (/^\s+(?:is|are|was|were|has|had|will|marks?)\b/i.test(after)) return null;
      out += before;
      at = span.end + rest[0].length;
      // The next word opens the sentence now.
      const next = text.slice(at);
      const first = /^[a-z]/.exec(next);
      if (first) {
        out += first[0].toUpperCase();
        at += 1;
      }
      continue;
    }
    const next = /^\s*(\S*)/.exec(after)![1]!;
    const endsClause = next === '' || /^[,.;:!?)\]]/.test(next) || next.startsWith('[^');
    const joins = JOINING.test(next.replace(/[^\p{L}]+$/u, ''));
    if (!ADVERBS.has(span.expression) && !endsClause && !joins) return null;
    // "The study, released this week, found": a lone participle would be left between commas.
    if (/,\s*[\p{L}-]+\s*$/u.test(before) && /^\s*,/.test(after)) return null;
    // Out with the space before it; a comma pair around it ("The study, released this week,")
    // keeps its words and loses nothing else.
    out += before.replace(/\s+$/, '');
    at = span.end;
  }
  out += text.slice(at);
  const tidy = out
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/,\s*([.;:!?])/g, '$1')
    .replace(/,\s*,/g, ',')
    .replace(/\s{2,}/g, ' ')
    .trim();
  // Too little left to be the same claim.
  return (tidy.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 4 ? tidy : null;
}
