import { isStopword, wordsOf } from '../../../text/words.js';

/**
 * Consensus claims recognised by their structure rather than by a list of phrases. A sentence
 * states agreement beyond one voice when a verb of saying, thinking or agreeing has
 *
 * - a plural or collective subject (`reviewers`, `doctors`, `the public`, `everyone`) and one
 *   cue of breadth: a degree adverb between subject and verb (`widely`, `broadly`, `long`,
 *   `all`: "critics have long argued", "reviewers widely agree"), a quantifier before the
 *   subject (`most`, `nearly all`, `the majority of`, `a growing number of`: "most economists
 *   believe"), or a spread phrase after it (`across the country`, `around the world`,
 *   `alike`: "doctors across the country say");
 * - or no subject at all, in the passive with a degree adverb: "it is broadly accepted", "is
 *   widely seen as".
 *
 * The word classes are closed (verbs of saying and agreeing, adverbs of degree, quantifiers,
 * prepositions of spread); the subject is recognised by its form (a lower-case plural that is
 * not a function word), so new subjects ("reviewers", "economists", "parents") need no list.
 */

// Verbs of saying, thinking and agreeing, every form (base, -s, past, participle).
const VIEW_VERBS = new Set(
  (
    'agree agrees agreed concur concurs concurred accept accepts accepted believe believes believed ' +
    'think thinks thought say says said argue argues argued contend contends contended maintain ' +
    'maintains maintained hold holds held consider considers considered recognise recognises ' +
    'recognised recognize recognizes recognized acknowledge acknowledges acknowledged warn warns ' +
    'warned insist insists insisted suggest suggests suggested claim claims claimed see sees seen ' +
    'view views viewed regard regards regarded know knows known understand understands understood ' +
    'praise praises praised criticise criticises criticised criticize criticizes criticized ' +
    'recommend recommends recommended endorse endorses endorsed favour favours favoured favor favors favored ' +
    'expect expects expected'
  ).split(' '),
);

// Participles that make a passive of the view verbs ("is widely accepted").
const VIEW_PARTICIPLES = new Set(
  'agreed accepted believed thought said argued held considered recognised recognized acknowledged seen viewed regarded known understood praised criticised criticized recommended endorsed favoured favored assumed expected'.split(
    ' ',
  ),
);

// Adverbs of degree and extent: how many hold the view, or for how long.
const DEGREE = new Set(
  'widely broadly generally largely universally overwhelmingly increasingly commonly mostly roundly unanimously uniformly consistently repeatedly long all almost nearly near-universally virtually routinely typically near'.split(
    ' ',
  ),
);

// Between a subject and its verb: auxiliaries and degree adverbs.
const AUXILIARY = new Set('have has had do does did now also'.split(' '));
const BE = new Set('is are was were be been being'.split(' '));

// Before a subject: quantifiers of a population.
const QUANTIFIER_LAST = new Set(['most', 'all']);
// "the majority of", "the bulk of", "a chorus of": the noun before "of".
const QUANTIFIER_OF = new Set(['majority', 'bulk', 'chorus']);

// After a subject: a spread phrase opens with one of these.
const SPREAD = new Set(['across', 'around', 'throughout', 'worldwide', 'nationwide', 'alike']);

// Collective subjects: singular in form, many in meaning.
const COLLECTIVE = new Set(
  'people everyone everybody public community establishment world profession industry field'.split(
    ' ',
  ),
);

// Collectives whose agreement is breadth in itself: "the scientific community agrees".
const BROAD_COLLECTIVE = new Set(
  'community establishment profession everyone everybody'.split(' '),
);

// Nominal consensus: an adjective of breadth and a noun of agreement ("broad agreement among
// economists", "overwhelming support from doctors").
const BREADTH = new Set(
  'broad wide widespread general near-universal universal overwhelming growing common'.split(' '),
);
const AGREEMENT_NOUNS = new Set(['agreement', 'consensus', 'acceptance', 'support', 'belief']);

function isPluralSubject(word: string): boolean {
  if (COLLECTIVE.has(word)) return true;
  if (isStopword(word) || word.length < 4 || !/^[a-z-]+s$/.test(word)) return false;
  // "business", "analysis", "status", "news": -s that is not a plural.
  return !/(?:ss|us|is|news)$/.test(word);
}

/**
 * The consensus structure of a sentence, as the words that make it ("reviewers widely agree",
 * "it is broadly accepted", "doctors across the country say"), or null.
 *
 * @param text A draft sentence.
 */
export function consensusStructureOf(text: string): string | null {
  // Quotations are someone's words, attributed: not the draft's claim of consensus.
  const words = wordsOf(text.replace(/["“][^"”]*["”]/g, ' ; '));
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    // "broad agreement among economists", "growing consensus that": breadth named as a noun.
    if (
      BREADTH.has(word) &&
      AGREEMENT_NOUNS.has(words[i + 1] ?? '') &&
      ['among', 'that', 'from', 'across', 'on'].includes(words[i + 2] ?? '')
    )
      return words.slice(i, i + 3).join(' ');
    // Passive: a form of "be", a degree adverb, a view participle ("is broadly accepted").
    if (BE.has(word)) {
      let k = i + 1;
      let degree = false;
      while (k < words.length && (DEGREE.has(words[k]!) || words[k] === 'now')) {
        if (DEGREE.has(words[k]!)) degree = true;
        k++;
      }
      const participle = words[k];
      if (degree && participle && VIEW_PARTICIPLES.has(participle) && k - i <= 3) {
        // "is widely known for its cheese" is fame, not a view: a view is followed by that/as/to be.
        const next = words[k + 1];
        if (next === undefined || ['that', 'as', 'to', 'by'].includes(next))
          return words.slice(Math.max(0, i - 1), k + 1).join(' ');
      }
      continue;
    }
    if (!VIEW_VERBS.has(word)) continue;
    // "agreed to meet": agreeing to do something is not holding a view.
    if (words[i + 1] === 'to' && /^agree|^accept/.test(word)) continue;
    let j = i - 1;
    let degree = false;
    while (j >= 0 && (AUXILIARY.has(words[j]!) || DEGREE.has(words[j]!))) {
      if (DEGREE.has(words[j]!)) degree = true;
      j--;
    }
    // A spread phrase between the subject and the verb: "doctors across the country say".
    let spread = false;
    let head = j;
    for (let k = j; k >= Math.max(0, j - 5); k--) {
      if (SPREAD.has(words[k]!)) {
        if (k - 1 >= 0 && isPluralSubject(words[k - 1]!)) {
          spread = true;
          head = k - 1;
        }
        break;
      }
    }
    const subject = words[head];
    if (!subject || !isPluralSubject(subject)) continue;
    // A quantifier before the subject (adjectives allowed between: "most public health experts").
    let quantified = false;
    for (let k = head - 1; k >= Math.max(0, head - 4); k--) {
      const w = words[k]!;
      if (QUANTIFIER_LAST.has(w) || (w === 'of' && QUANTIFIER_OF.has(words[k - 1] ?? ''))) {
        quantified = true;
        break;
      }
      if (isStopword(w) && w !== 'of') break;
    }
    if (degree || spread || quantified || BROAD_COLLECTIVE.has(subject)) {
      const from = quantified ? Math.max(0, head - 3) : head;
      return words.slice(from, i + 1).join(' ');
    }
  }
  return null;
}
