import { bestWindowOf, WINDOW_SENTENCES, type SourceIndex } from '../parse/source-index.js';
import { contentStemsOf, namesOf, wordsOf } from '../../../text/words.js';

/**
 * Speakers of reported speech. A draft sentence that says who said something ("X said ...",
 * "..., said X", "according to X") makes two claims: what was said, and who said it. The
 * alignment of `unsupported-citation` checks the first; this file checks the second against the
 * source passage that says the same thing.
 *
 * The method is grammatical, not a list of speakers: the speaker is the noun phrase that is the
 * subject of a reporting verb (or follows "according to", or follows the verb after a quotation),
 * and the source must name that speaker where it reports the same speech: a named speaker within
 * a few sentences of the passage (further back when the source refers to them as "he" or "she"),
 * a described one ("a lawyer for the woman") anywhere in the cited source.
 */

/** Share of the speech's content stems one source sentence must hold before its speaker is checked. */
export const SPEECH_MIN_ALIGNMENT = 0.6;

/**
 * Fewest content stems of reported speech for a comparison with a named speaker (less is too
 * little to locate it); one fewer for a described speaker.
 */
export const SPEECH_MIN_WORDS = 3;

/** Sentences before the aligned passage where the source may name its speaker. */
export const SPEAKER_BEFORE = 2;

/** ... and how far back when the passage refers to its speaker by a pronoun. */
export const SPEAKER_BEFORE_PRONOUN = 6;

// Reporting verbs: the closed class of verbs that introduce speech or a stated view.
const REPORTING =
  'said|says|say|told|tells|added|adds|wrote|writes|argued|argues|noted|notes|explained|explains|' +
  'stated|states|warned|warns|claimed|claims|tweeted|tweets|announced|announces|insisted|insists|' +
  'acknowledged|acknowledges|conceded|concedes|testified|asserted|asserts|suggested|suggests|' +
  'recalled|recalls|replied|confirmed|confirms|denied|denies|maintained|maintains|contended|' +
  'predicted|predicts|cautioned|cautions|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|observed|' +
  'remarked|declared|declares|believes|believed|thinks|thought|pledged|pledges|vowed|vows|promised|' +
  'promises|admitted|admits|revealed|reveals';
const REPORTING_WORD = new RegExp(`^(?:${REPORTING})$`);

// Where a subject noun phrase starts: after these words or punctuation.
const NP_BOUNDARY = new Set(
  'that and but because while as which who whom when after before if although though since so than where whereas'.split(
    ' ',
  ),
);
const PRONOUNS = new Set(
  'he she they it we i you this that these those who which one someone anyone everyone'.split(' '),
);
// A noun phrase's head comes before these: "a lawyer for the woman" -> "lawyer".
const PREPOSITIONS = new Set('for of at with from in on to by about under over within'.split(' '));
// Words of a subject that are not its speaker: articles, possessive determiners, time words.
const NOT_SPEAKER = new Set(
  'the a an his her their its our my your also later earlier then still previously again recently now'.split(
    ' ',
  ),
);
// "Sierra Nevada Corporation" -> "snc": organisations are often named by their initials.
function acronymOf(speaker: string): string | null {
  const capitals = speaker.match(/\b\p{Lu}/gu);
  return capitals && capitals.length >= 2 ? capitals.join('').toLowerCase() : null;
}

// Before a noun, not a verb: "the states", "his claims", "many notes".
const DETERMINERS = new Set(
  'the a an this that these those his her their its our my your some many several all both other such no'.split(
    ' ',
  ),
);

// The cited source's own publication ("according to the Los Angeles Times", "The Hill
// reported"): its name is in the source's host name (latimes.com, thehill.com), rarely next to
// each sentence it reports.
/**
 * Name words of a sentence's speakers that are the publication of one of its cited sources
 * ("According to the Los Angeles Times" citing latimes.com): present, though the article's text
 * rarely names itself.
 *
 * @param text A draft sentence.
 * @param sources The sources it cites.
 */
export function publicationNamesOf(text: string, sources: SourceIndex[]): Set<string> {
  const out = new Set<string>();
  for (const attribution of attributionsOf(text))
    if (sources.some((source) => isPublicationOf(attribution, source)))
      for (const name of attribution.names) out.add(name);
  return out;
}

function isPublicationOf(attribution: Attribution, source: SourceIndex): boolean {
  let host = '';
  try {
    host = new URL(source.url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return false;
  }
  if (!host) return false;
  const initials = acronymOf(attribution.speaker);
  return (
    attribution.names.some((name) => name.length >= 3 && host.includes(name)) ||
    (initials !== null && host.startsWith(initials))
  );
}

const SOURCE_PRONOUN_SPEECH = new RegExp(
  `\\b(?:he|she|they)\\s+(?:\\w+ly\\s+)?(?:${REPORTING})\\b|\\b(?:${REPORTING})\\s+(?:he|she|they)\\b`,
  'i',
);

/** A speaker found in a draft sentence, with the speech around it. */
export interface Attribution {
  /** The speaker as written ("a lawyer for the woman", "Scott Strenfel"). */
  speaker: string;
  /** Name words of the speaker (lower case), empty for a described speaker. */
  names: string[];
  /** Stem of the head noun when it is not a name ("a lawyer for the woman" -> "lawyer"). */
  head: string | null;
  /** The sentence's words other than the speaker's: what was said. */
  speech: string;
}

/** A speaker the cited source does not give for the same speech. */
export interface Misattribution {
  attribution: Attribution;
  source: string;
  /** The source sentence that says what the draft reports. */
  at: number;
  passage: string;
  reason: string;
}

/**
 * The speakers of a sentence: subjects of reporting verbs, the phrase after "according to", and
 * the phrase after a reporting verb that follows a quotation or a comma (`..., said X`). Pronoun
 * subjects ("she said") are left out: they point back to a speaker named before.
 *
 * @param text A draft sentence (markers removed).
 */
export function attributionsOf(text: string): Attribution[] {
  // The same sentence is read by several checks: each text is parsed once.
  const cached = ATTRIBUTIONS.get(text);
  if (cached) return cached;
  const plain = text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
  // Each coordinated clause has its own speaker and speech ("X said A, and Y said B").
  const found = plain.split(CLAUSES).flatMap((clause) => clauseAttributionsOf(clause));
  // Bounded, so that a long-running process does not grow without limit.
  if (ATTRIBUTIONS.size > 10_000) ATTRIBUTIONS.clear();
  ATTRIBUTIONS.set(text, found);
  return found;
}

const ATTRIBUTIONS = new Map<string, Attribution[]>();

// Breaks between coordinated clauses.
const CLAUSES = /,\s+(?:and|but|while|whereas)\s+|;\s+/;

// A quick test before tokenising: most sentences hold no reporting verb at all.
const MAY_ATTRIBUTE = new RegExp(`\\b(?:${REPORTING}|according)\\b`, 'i');

function clauseAttributionsOf(plain: string): Attribution[] {
  if (!MAY_ATTRIBUTE.test(plain)) return [];
  // Tokens with their punctuation kept, so that phrase boundaries are seen.
  const tokens = plain.match(
    /[\p{L}\p{N}][\p{L}\p{N}'&.-]*[\p{L}\p{N}]|[\p{L}\p{N}]|[^\s\p{L}\p{N}]/gu,
  );
  if (!tokens) return [];
  const lower = tokens.map((t) => t.toLowerCase());
  const found: Array<{ from: number; to: number; verb: number }> = [];
  for (let i = 0; i < lower.length; i++) {
    const word = lower[i]!;
    if (word === 'according' && lower[i + 1] === 'to') {
      found.push({ ...phraseAfter(lower, i + 2), verb: i });
      continue;
    }
    // A capitalised "States" inside a sentence is a name, and "11 states", "the claims" nouns.
    if (!REPORTING_WORD.test(word) || (i > 0 && /^\p{Lu}/u.test(tokens[i]!))) continue;
    if (i > 0 && (DETERMINERS.has(lower[i - 1]!) || /^\d/.test(lower[i - 1]!))) continue;
    // "..., said X" / "..." said X": the speaker follows the verb.
    const before = lower[i - 1];
    if (before === ',' || before === '"') {
      const after = phraseAfter(lower, i + 1);
      if (after.to > after.from) {
        found.push({ ...after, verb: i });
        continue;
      }
    }
    found.push({ ...phraseBefore(lower, i), verb: i });
  }
  const out: Attribution[] = [];
  for (const { from, to, verb } of found) {
    const words = tokens.slice(from, to).filter((t) => /[\p{L}\p{N}]/u.test(t));
    const own = words.filter((w) => !NOT_SPEAKER.has(w.toLowerCase()));
    if (own.length === 0 || own.length > 8) continue;
    if (own.length === 1 && PRONOUNS.has(own[0]!.toLowerCase())) continue;
    if (PRONOUNS.has(words[0]!.toLowerCase()) && !/^(?:one)$/i.test(words[0]!)) continue;
    const speaker = words.join(' ');
    // Names: capitalised words of the phrase (the sentence's first word counts when the phrase is
    // all capitalised words, as "Scott Strenfel said").
    const names = namesOf(`x ${speaker}`).filter((n) => !PRONOUNS.has(n));
    const upToPreposition: string[] = [];
    for (const w of own) {
      if (PREPOSITIONS.has(w.toLowerCase())) break;
      upToPreposition.push(w);
    }
    const last = upToPreposition[upToPreposition.length - 1];
    // The head is the last word before any preposition, unless it is a name (capitalised).
    const head = last && !/^\p{Lu}/u.test(last) ? (contentStemsOf(last)[0] ?? null) : null;
    if (names.length === 0 && !head) continue;
    const speech = tokens
      .filter(
        (_, k) =>
          (k < from || k >= to) && k !== verb && !(k === verb + 1 && lower[verb] === 'according'),
      )
      .join(' ')
      .replace(/\s+([,.;:!?])/g, '$1');
    out.push({ speaker, names, head, speech });
  }
  return out;
}

function phraseBefore(lower: string[], verb: number): { from: number; to: number } {
  let from = verb;
  // Adverbs between subject and verb ("officials later said") are skipped.
  let to = verb;
  while (to - 1 >= 0 && /^\p{L}+ly$/u.test(lower[to - 1]!)) to--;
  from = to;
  while (from - 1 >= 0 && to - from < 10) {
    const w = lower[from - 1]!;
    if (NP_BOUNDARY.has(w) || !/[\p{L}\p{N}]/u.test(w) || /^\p{P}$/u.test(w)) {
      // "PG&E's" and "U.S." keep their punctuation inside the token; a lone mark ends the phrase.
      if (w !== "'s") break;
    }
    from--;
  }
  return { from, to };
}

function phraseAfter(lower: string[], start: number): { from: number; to: number } {
  let to = start;
  while (to < lower.length && to - start < 10) {
    const w = lower[to]!;
    if (/^[,.;:!?()"]$/.test(w) || NP_BOUNDARY.has(w)) break;
    to++;
  }
  return { from: start, to };
}

/**
 * The first speaker of a sentence that the cited sources do not give for the same speech: the
 * speech (the sentence without the speaker) is aligned with the best window of each cited source
 * (at least {@link SPEECH_MIN_ALIGNMENT} of its content stems in one sentence of it); then a named
 * speaker must appear within {@link SPEAKER_BEFORE} sentences before it or the next one (back to
 * {@link SPEAKER_BEFORE_PRONOUN} when the source says "he said"), and a described speaker's head
 * noun must appear in the source at all. Speech the sources do not hold is not judged here.
 *
 * @param text The draft sentence (markers removed).
 * @param sources The sources it cites.
 */
export function misattributionOf(text: string, sources: SourceIndex[]): Misattribution | null {
  for (const attribution of attributionsOf(text)) {
    const speakerStems = new Set(contentStemsOf(attribution.speaker));
    const stems = [...new Set(contentStemsOf(attribution.speech))].filter(
      (stem) => !speakerStems.has(stem),
    );
    // A described speaker absent from the sources is checked on shorter speech ("she would not
    // contest the decision"): the speaker alone is the claim.
    if (stems.length < (attribution.names.length > 0 ? SPEECH_MIN_WORDS : SPEECH_MIN_WORDS - 1))
      continue;
    let aligned: { source: SourceIndex; at: number; covered: number } | null = null;
    for (const source of sources) {
      const { start } = bestWindowOf(stems, source);
      if (start < 0) continue;
      const end = Math.min(start + WINDOW_SENTENCES, source.sentences.length);
      for (let i = start; i < end; i++) {
        const covered = stems.filter((stem) => source.postings.get(stem)?.includes(i)).length;
        if (!aligned || covered > aligned.covered) aligned = { source, at: i, covered };
      }
    }
    if (!aligned || aligned.covered / stems.length < SPEECH_MIN_ALIGNMENT) continue;
    const { source, at } = aligned;
    const passage = source.sentences[at] ?? '';
    if (attribution.names.length > 0) {
      // A passage that names its own speaker is judged close by; one that says "he said", or
      // carries on a quotation, took its speaker from sentences before.
      const own = attributionsOf(passage).some((a) => a.names.length > 0 || a.head !== null);
      const carried = !own || SOURCE_PRONOUN_SPEECH.test(passage);
      const from = Math.max(0, at - (carried ? SPEAKER_BEFORE_PRONOUN : SPEAKER_BEFORE));
      const near = source.sentences.slice(from, at + 2).join(' ');
      const nearWords = new Set(wordsOf(near).map((w) => w.replace(/'s$/, '')));
      const initials = acronymOf(attribution.speaker);
      const named =
        attribution.names.some((name) => wordsOf(name).every((w) => nearWords.has(w))) ||
        (initials !== null && nearWords.has(initials)) ||
        isPublicationOf(attribution, source);
      if (!named) {
        return {
          attribution,
          source: source.id,
          at,
          passage,
          reason: `the source says this without naming "${attribution.speaker}" as its speaker: "${passage}"`,
        };
      }
    }
    const head = attribution.head;
    if (head && !sources.some((s) => s.stems.has(head))) {
      return {
        attribution,
        source: source.id,
        at,
        passage,
        reason: `the cited source says this, but names no "${head}" (the speaker "${attribution.speaker}") at all: "${passage}"`,
      };
    }
  }
  return null;
}
