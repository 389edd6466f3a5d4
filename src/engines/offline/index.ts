import type { StageContext } from '../../core/context.js';
import { zeroUsage } from '../../core/usage.js';
import type { DraftContent, DraftOutput } from '../../stages/draft/types.js';
import type { DraftEngine, DraftRequest, ReviseRequest } from '../types.js';
import { isAmongSentences, normaliseSentence } from '../../text/normalise.js';
import { withoutRelativeTimes } from '../../text/relative-time.js';
import { candidatesOf } from './sentence-candidates.js';
import { chooseSentences, layOut } from './compose.js';
import { rankCandidates } from './rank.js';

/**
 * Creates the offline engine: an extractive drafter that needs no key and no network. It ranks
 * source sentences by relevance to the topic and by centrality, keeps each verbatim with its
 * citation, and spreads them over the required sections.
 *
 * @param reason Why this engine was chosen (shown in the run's first line and the report).
 */
export function createOfflineEngine(reason = 'offline: chosen by the topic'): DraftEngine {
  return {
    id: 'offline',
    reason,
    draft: (request, ctx) => Promise.resolve(draftOffline(request, ctx, new Set())),
    revise: (request: ReviseRequest, ctx) => {
      // Revision drops the sentences that drew an error and lets the next best take their place.
      // Whole-draft findings (definition of done, closeness to the corpus) name no sentence.
      const drop = new Set(request.flagged);
      // A time word the draft's date has made wrong ("published this week", from a source of
      // September) is taken out where the sentence reads the same without it, else dropped.
      const rewrites = new Map<string, string>();
      for (const finding of request.findings) {
        if (finding.kind !== 'stale-relative-time') continue;
        const rewritten = withoutRelativeTimes(finding.sentence);
        if (rewritten === null) drop.add(normaliseSentence(finding.sentence));
        else rewrites.set(normaliseSentence(finding.sentence), rewritten);
      }
      const excluded = new Set<string>();
      for (const section of [
        { paragraphs: request.previous.intro },
        ...request.previous.sections,
      ]) {
        for (const paragraph of section.paragraphs) {
          for (const sentence of paragraph.sentences) {
            if (isAmongSentences(sentence.text, drop))
              excluded.add(normaliseSentence(sentence.text));
          }
        }
      }
      return Promise.resolve(
        draftOffline(request, ctx, excluded, rewrites, sentenceTextsOf(request.previous)),
      );
    },
  };
}

/** The normalised texts of a draft's sentences. */
function sentenceTextsOf(content: DraftContent): Set<string> {
  const texts = new Set<string>();
  for (const paragraph of [
    ...content.intro,
    ...content.sections.flatMap((section) => section.paragraphs),
  ])
    for (const sentence of paragraph.sentences) texts.add(normaliseSentence(sentence.text));
  return texts;
}

/**
 * @param excluded Normalised texts of sentences not to use (a sentence cut in an earlier round is
 *   excluded by its cut text too).
 * @param rewrites This round's cuts: normalised source sentence -> the sentence without its stale
 *   time word.
 * @param previous The normalised sentences of the draft being revised: a cut an earlier round
 *   made (the draft holds the cut form of a source sentence) is made again, since every round
 *   drafts from the sources as they are.
 */
function draftOffline(
  request: DraftRequest,
  ctx: StageContext,
  excluded: Set<string>,
  rewrites: ReadonlyMap<string, string> = new Map(),
  previous: ReadonlySet<string> = new Set(),
): DraftOutput {
  const { topic } = ctx;
  const output: DraftOutput = {
    content: null,
    engine: 'offline',
    usage: zeroUsage(),
    calls: [],
    notes: [],
  };
  const candidates = candidatesOf(request.articles);
  if (candidates.length === 0) {
    output.notes.push('no source sentence stands alone as prose: nothing to draft');
    return output;
  }
  const cuts = new Map(rewrites);
  if (previous.size > 0) {
    for (const candidate of candidates) {
      const key = normaliseSentence(candidate.text);
      if (cuts.has(key)) continue;
      const cut = withoutRelativeTimes(candidate.text);
      if (cut !== null && cut !== candidate.text && previous.has(normaliseSentence(cut)))
        cuts.set(key, cut);
    }
  }
  // A cut sentence that drew an error is named by its cut text: its source sentence goes too.
  for (const [key, cut] of cuts) if (excluded.has(normaliseSentence(cut))) excluded.add(key);
  const ranked = rankCandidates(candidates, `${topic.title}. ${topic.description}`);
  const chosen = chooseSentences(ranked, topic.done, excluded);
  const { intro, sections } = layOut(chosen, request.sections);
  // The same sentences in the same places; a rewritten one says its claim without the time word.
  for (const paragraph of [...intro, ...sections.flatMap((section) => section.paragraphs)]) {
    for (const sentence of paragraph.sentences)
      sentence.text = cuts.get(normaliseSentence(sentence.text)) ?? sentence.text;
  }
  const lead = intro[0]?.sentences[0]?.text ?? '';
  output.content = {
    title: topic.title,
    description: topic.description || lead,
    intro,
    sections,
  };
  output.notes.push(
    `offline engine: ${chosen.length} of ${candidates.length} candidate sentences from ${request.articles.length} sources`,
  );
  return output;
}
