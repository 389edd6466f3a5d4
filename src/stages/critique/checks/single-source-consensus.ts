import { citedSourcesOf } from './check-context.js';
import { contentStemsOf, normaliseText, wordsOf } from '../../../text/words.js';
import { consensusStructureOf } from './consensus-structure.js';
import type { SourceIndex } from '../parse/source-index.js';
import type { Check } from './check-context.js';
import { bestEvidenceOf } from './evidence.js';
import type { Finding } from '../types.js';

// Wording that claims agreement beyond one voice.
const CONSENSUS = [
  /\b(?:experts?|scientists?|researchers?|analysts?|economists?|observers?|doctors?|specialists?|historians?|most people|everyone)\b[\w\s,-]{0,30}?\b(?:widely |broadly |generally |largely |all |now )?(?:agree|concur|accept)(?! to\b)\b/,
  /\bwidely (?:agreed|accepted|believed|recogni[sz]ed|regarded|held|acknowledged|considered|seen|viewed|understood|thought)\b/,
  /\b(?:it is|it's|it has been|is) (?:now )?(?:well[- ]established|well[- ]known|widely known|generally accepted|universally accepted|common knowledge|beyond (?:doubt|dispute)|undisputed|settled)\b/,
  /\bwell[- ]established (?:that|fact|science|finding)\b/,
  /\b(?:the consensus (?:is|among|that|view)|consensus (?:is|among experts|view) that|(?:broad|general|scientific|growing|clear|emerging|wide) consensus)\b/,
  /\bthere is (?:broad|wide|general|widespread|near-universal|universal) (?:agreement|acceptance)\b/,
  /\b(?:universally|unanimously) (?:agreed|accepted|acknowledged)\b/,
  /\b(?:studies|research|the evidence|science) (?:consistently |clearly |now )?(?:shows?|has shown|have shown|proves?|confirms?)\b/,
  /\bno one (?:disputes|doubts|denies)\b/,
  /\b(?:most|nearly all|virtually all) (?:experts?|scientists?|researchers?|analysts?|economists?|doctors?|observers?)\b[\w\s,-]{0,20}?\b(?:agree|believe|accept|think|say)\b/,
  /\bit is (?:widely|generally|universally|broadly|commonly) (?:agreed|accepted|believed|acknowledged|recogni[sz]ed|understood|held)\b/,
  /\b(?:there is|there's) (?:little|no) (?:doubt|dispute|question) (?:that|about)\b/,
  /\b(?:as )?everyone knows\b|\bsettled science\b|\bnobody (?:disputes|doubts|denies)\b/,
];

/**
 * The consensus wording of a text, or null: a fixed phrase ("the consensus is", "it is well
 * established") or the structure of a consensus claim (`consensus-structure.ts`).
 */
export function consensusPhraseOf(text: string): string | null {
  const normal = normaliseText(text);
  for (const pattern of CONSENSUS) {
    const match = pattern.exec(normal);
    if (match) return match[0];
  }
  return consensusStructureOf(text);
}

// Whether a cited source makes the same kind of claim itself: the phrase verbatim, or a sentence
// sharing its subject that has a consensus wording of its own. Then the draft only repeats it.
function isSourceWording(phrase: string, source: SourceIndex): boolean {
  const words = wordsOf(phrase);
  if (source.phrase.includes(` ${words.join(' ')} `)) return true;
  const sentences = new Set(
    contentStemsOf(phrase).flatMap((stem) => [...(source.postings.get(stem) ?? [])]),
  );
  for (const i of sentences) {
    const sentence = source.sentences[i] ?? '';
    if (consensusPhraseOf(sentence) !== null) return true;
  }
  return false;
}

/**
 * `single-source-consensus`: consensus wording ("experts widely agree", "it is well established",
 * "the consensus is") on a sentence backed by fewer than two distinct sources. Not reported when
 * the cited source itself uses the same consensus wording: then the draft only repeats it.
 */
export const checkSingleSourceConsensus: Check = (ctx) => {
  const findings: Finding[] = [];
  for (const sentence of ctx.draft.sentences) {
    const phrase = consensusPhraseOf(sentence.text);
    if (!phrase) continue;
    const cited = citedSourcesOf(sentence, ctx);
    if (cited.length >= 2) continue;
    if (cited.some((source) => isSourceWording(phrase, source))) continue;
    const finding: Finding = {
      kind: 'single-source-consensus',
      severity: 'error',
      sentence: sentence.text,
      source: cited[0]?.id ?? null,
      detail: `consensus wording "${phrase}" backed by ${cited.length === 0 ? 'no source' : `one source (${cited[0]!.id})`}; agreement needs at least 2 distinct sources or wording that attributes the view`,
    };
    const evidence = bestEvidenceOf(sentence.text, cited);
    if (evidence) finding.evidence = evidence;
    findings.push(finding);
  }
  return findings;
};
