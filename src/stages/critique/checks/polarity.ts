import { bestWindowOf, type SourceIndex } from '../parse/source-index.js';
import { contentStemsOf, contentStemsOfWords, wordsOf } from '../../../text/words.js';

/**
 * A polarity is compared only when one source sentence holds at least this share of the draft
 * clause's content stems: the two then say the same thing about the same things, and a negation
 * or a swapped direction word on one side only is a contradiction rather than another claim.
 */
export const POLARITY_MIN_ALIGNMENT = 0.7;

/** Clauses with fewer content stems than this are not compared (too little to align). */
export const POLARITY_MIN_WORDS = 4;

/**
 * A clause of one content stem fewer is compared too when one source sentence holds all of its
 * stems: a short claim ("They may even leave the site for good") aligns exactly or not at all.
 */
export const POLARITY_SHORT_WORDS = 3;

// Where any negation's reach ends: punctuation.
const PART_BREAK = /[,;:()]|\s[–—-]\s/;

// Where a plain negation's reach ends: the connectives that start another clause. An open
// question ("it is not clear how many ... who ...") reaches over them, to the punctuation.
const CONNECTIVES = new Set(
  'and but while whereas although though because since as which who where so'.split(' '),
);

// Clause breaks of the draft sentence (as in unsupported-citation.ts), before/after left in: they
// are direction words of their own.
const CLAUSE_BREAK =
  /,? (?:and|but|while|whereas|although|because|since) |; |, (?:which|who|where) /;

const NEGATORS = new Set(['not', 'no', 'never', 'neither', 'nor', 'without', 'cannot', 'none']);

// "not only", "not just", "no doubt", "whether or not": no negation of what follows.
const NOT_NEGATING_NEXT = new Set(['only', 'just', 'least', 'doubt', 'matter']);

// "It is not clear / unclear how many ...": the source does not know what follows; a draft that
// asserts it says more than (and the opposite of) the source. The rest of the part is in reach.
const UNCERTAIN = new Set(['unclear', 'unknown', 'uncertain']);
const UNCERTAIN_AFTER_NOT = new Set(['clear', 'known', 'certain']);
const OPEN_QUESTION = new Set(['how', 'whether', 'if', 'what', 'when', 'why', 'who', 'which']);

// Adverbs that sit between a negation and its verb ("did not immediately respond").
const ADVERB = /^(?:\w{3,}ly|yet|always|also|even|ever|really|necessarily)$/;

// Direction and reporting words whose swap reverses a claim, by pair.
const ANTONYMS: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [
    ['rose', 'rise', 'rises', 'rising', 'risen'],
    ['fell', 'fall', 'falls', 'falling', 'fallen'],
  ],
  [
    ['increased', 'increase', 'increases', 'increasing'],
    ['decreased', 'decrease', 'decreases', 'decreasing'],
  ],
  [['higher'], ['lower']],
  [['more'], ['less', 'fewer']],
  [['before'], ['after']],
  [
    ['approved', 'approve', 'approves', 'approving'],
    ['rejected', 'reject', 'rejects', 'rejecting'],
  ],
  [
    ['growth', 'grew', 'grow', 'grows', 'growing', 'expanded', 'expand', 'expands', 'expanding'],
    [
      'decline',
      'declined',
      'declines',
      'declining',
      'shrank',
      'shrink',
      'shrinks',
      'shrinking',
      'contracted',
      'contract',
      'contracting',
    ],
  ],
  [
    ['gained', 'gain', 'gains', 'won', 'win', 'wins', 'winning'],
    ['lost', 'lose', 'loses', 'losing', 'loss', 'losses'],
  ],
  [['above'], ['below']],
  [
    ['raised', 'raises', 'raising'],
    ['lowered', 'lowers', 'lowering', 'reduced', 'reduces', 'reducing'],
  ],
  [
    ['larger', 'bigger', 'largest', 'biggest'],
    ['smaller', 'smallest'],
  ],
  [
    ['strengthened', 'strengthen', 'improved', 'improve', 'improves', 'improving'],
    ['weakened', 'weaken', 'worsened', 'worsen', 'worsens', 'worsening'],
  ],
  [
    ['allowed', 'allow', 'allows', 'permitted', 'permit', 'permits', 'legalized', 'legalised'],
    ['banned', 'ban', 'bans', 'prohibited', 'prohibit', 'prohibits', 'forbade', 'forbid'],
  ],
  [
    ['most', 'maximum', 'best'],
    ['least', 'minimum', 'worst'],
  ],
];

/** A clause whose aligned source sentence says the opposite. */
export interface Contradiction {
  /** The draft clause. */
  clause: string;
  /** The source sentence it aligns with. */
  passage: string;
  source: string;
  /** Index of the passage in the source's `sentences`. */
  at: number;
  /** What is reversed: `"convert" negated in the source`, `"rose" against "fell"`. */
  reason: string;
}

interface Polarity {
  /** Stems under a plain negation (`not`, `never`, `n't`, ...). */
  negated: Set<string>;
  /** Stems of an open question ("it is not clear how many ..."). */
  open: Set<string>;
  /** Whether the text holds a negation or an open question anywhere. */
  negative: boolean;
  plain: Set<string>;
  words: Set<string>;
}

function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

function stemOfWord(word: string): string | undefined {
  return contentStemsOfWords([word])[0];
}

/** Stems under a negation, stems outside one, and the words of a text. */
function polarityOf(text: string): Polarity {
  const out: Polarity = {
    negated: new Set(),
    open: new Set(),
    negative: false,
    plain: new Set(),
    words: new Set(),
  };
  for (const part of text.split(PART_BREAK)) {
    const words = wordsOf(part);
    let reach = 0; // content stems still under a negation; Infinity to the part's end
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      out.words.add(word);
      const next = words[i + 1];
      if (CONNECTIVES.has(word)) {
        if (reach !== Infinity) reach = 0;
        continue;
      }
      if (UNCERTAIN.has(word) && next && OPEN_QUESTION.has(next)) {
        out.negative = true;
        reach = Infinity;
        continue;
      }
      if (isNegator(word)) {
        out.negative = true;
        const after = words[i + 2];
        if (next && UNCERTAIN_AFTER_NOT.has(next) && after && OPEN_QUESTION.has(after)) {
          reach = Infinity;
          i++;
          out.words.add(next);
        } else if (!(next && NOT_NEGATING_NEXT.has(next)) && words[i - 1] !== 'or') {
          reach = Math.max(reach, 1);
        }
        continue;
      }
      const stem = stemOfWord(word);
      if (!stem) continue;
      if (reach === Infinity) {
        out.open.add(stem);
      } else if (reach > 0) {
        out.negated.add(stem);
        if (!ADVERB.test(word)) reach -= 1;
      } else {
        out.plain.add(stem);
      }
    }
  }
  return out;
}

// A stem negated (or, on the source's side, left open) on one side only, and stated plainly on
// the other. A draft that leaves open what the source states is cautious, not contradicting.
function reversedStemOf(
  negatedSide: Polarity,
  plainSide: Polarity,
  withOpen: boolean,
): string | undefined {
  const reversed = withOpen ? [...negatedSide.negated, ...negatedSide.open] : negatedSide.negated;
  // A negation placed elsewhere ("leads to no new charities" for "does not lead to any new
  // charities") keeps the polarity: only a side without any negation is the opposite.
  if (plainSide.negative) return undefined;
  for (const stem of reversed) {
    if (negatedSide.plain.has(stem)) continue;
    if (plainSide.plain.has(stem) && !plainSide.negated.has(stem) && !plainSide.open.has(stem))
      return stem;
  }
  return undefined;
}

// Modality, one way only: a draft that states as certain ("will") what the source only allows
// ("may", "might", "could") says more than the source; the other way round is caution.
const CERTAIN: readonly string[] = ['will'];
const POSSIBLE: readonly string[] = ['may', 'might', 'could'];

type Pair = readonly [readonly string[], readonly string[]];

// Direction pairs both ways, then modality one way.
const SWAPS: readonly Pair[] = [
  ...ANTONYMS.flatMap(([a, b]): Pair[] => [
    [a, b],
    [b, a],
  ]),
  [CERTAIN, POSSIBLE],
];

function swappedAntonymOf(draft: Polarity, source: Polarity): [string, string] | undefined {
  for (const [mine, theirs] of SWAPS) {
    const said = mine.find((word) => draft.words.has(word));
    const other = theirs.find((word) => source.words.has(word));
    if (!said || !other) continue;
    if (mine.some((word) => source.words.has(word))) continue;
    if (theirs.some((word) => draft.words.has(word))) continue;
    return [said, other];
  }
  return undefined;
}

/**
 * The first clause of a sentence that its best-aligned cited source sentence states with the
 * opposite polarity: a negation (`not`, `no`, `never`, `n't`, `neither`/`nor`, `without`, or "it is
 * not clear how ...") over a word the other side states plainly, or a direction word swapped for
 * its antonym (rose/fell, higher/lower, more/less, before/after, approved/rejected, grew/shrank,
 * gained/lost, above/below, larger/smaller, raised/lowered, improved/worsened, allowed/banned,
 * most/least). Compared only
 * when one source sentence covers at least {@link POLARITY_MIN_ALIGNMENT} of the clause's content
 * stems, so that the two are about the same thing.
 *
 * @param text The draft sentence, quotations already left out.
 * @param sources The sources it cites.
 */
export function contradictionOf(text: string, sources: SourceIndex[]): Contradiction | null {
  const clauses = text.split(CLAUSE_BREAK);
  for (const clause of clauses.length > 1 ? [...clauses, text] : clauses) {
    const stems = [...new Set(contentStemsOf(clause))];
    if (stems.length < POLARITY_SHORT_WORDS) continue;
    const needed = stems.length < POLARITY_MIN_WORDS ? 1 : POLARITY_MIN_ALIGNMENT;
    let draft: Polarity | undefined;
    let found: Contradiction | null = null;
    let agrees = false;
    for (const source of sources) {
      const { start } = bestWindowOf(stems, source);
      if (start < 0) continue;
      let passage = '';
      let at = start;
      let best = 0;
      source.sentences.slice(start, start + 3).forEach((sentence, offset) => {
        const own = new Set(contentStemsOf(sentence));
        const covered = stems.filter((stem) => own.has(stem)).length / stems.length;
        if (covered > best) [best, passage, at] = [covered, sentence, start + offset];
      });
      if (best < needed) continue;
      draft ??= polarityOf(clause);
      const reason = reversalOf(draft, polarityOf(passage));
      if (!reason) {
        agrees = true;
        break;
      }
      found ??= { clause: clause.trim(), passage, source: source.id, at, reason };
    }
    // Another sentence of the sources that says the same thing with the same polarity (the
    // source repeats a claim, or states it where the best window did not look) clears it.
    if (found && draft && !agrees && !hasAgreeingSentence(stems, needed, draft, sources))
      return found;
  }
  return null;
}

// What reverses a draft clause against a source sentence, or null.
function reversalOf(draft: Polarity, cited: Polarity): string | null {
  const negatedInSource = reversedStemOf(cited, draft, true);
  if (negatedInSource)
    return `"${negatedInSource}" is negated or left open in the source, stated in the draft`;
  const negatedInDraft = reversedStemOf(draft, cited, false);
  if (negatedInDraft) return `"${negatedInDraft}" is negated in the draft, stated in the source`;
  const swapped = swappedAntonymOf(draft, cited);
  return swapped ? `the draft says "${swapped[0]}" where the source says "${swapped[1]}"` : null;
}

function hasAgreeingSentence(
  stems: string[],
  needed: number,
  draft: Polarity,
  sources: SourceIndex[],
): boolean {
  for (const source of sources) {
    const counts = new Map<number, number>();
    for (const stem of stems)
      for (const i of source.postings.get(stem) ?? []) counts.set(i, (counts.get(i) ?? 0) + 1);
    for (const [i, count] of counts) {
      if (count / stems.length < needed) continue;
      if (!reversalOf(draft, polarityOf(source.sentences[i] ?? ''))) return true;
    }
  }
  return false;
}
