import { isoDateOf } from '../parse/parse-draft.js';
import type { Check } from './check-context.js';
import { bestEvidenceOf } from './evidence.js';
import type { Finding } from '../types.js';
import { relativeTimesOf, type TimeScale } from '../../../text/relative-time.js';

/**
 * How old (in days, draft date minus the source's publication date) a source may be before a
 * relative time expression taken from it goes stale. An expression that names a day ("today",
 * "yesterday") is wrong a day later; 7 days leaves room for a weekly publication lag and for time
 * zones. Words for a state that lasts ("this week", "recently", "now", "currently") stay roughly
 * true for weeks: 45 days is past any month boundary. Year words ("this year", "last year") are
 * off only after the year turns, which cannot be told from the dates alone without more context:
 * 300 days flags a source that is almost certainly from another year.
 */
export const STALE_AFTER_DAYS: Readonly<Record<TimeScale, number>> = {
  day: 7,
  month: 45,
  year: 300,
};

const DAY_MS = 86_400_000;

/**
 * `stale-relative-time`: a relative time expression ("today", "last week", "this year",
 * "currently") in a sentence whose cited sources were all published more than
 * {@link STALE_AFTER_DAYS} before the draft's date: the expression was true when the source was
 * written, not when the draft is. Needs the draft's `date` and each cited source's `published`
 * (frontmatter `sources[].published`); with any of them unknown, nothing is reported. A `warning`:
 * the fix is a date or a cut, not dropping the sentence; the review loop still offers it to a
 * revision (the offline engine takes the expression out, `withoutRelativeTimes`).
 */
export const checkStaleRelativeTime: Check = (ctx) => {
  const draftDate = isoDateOf(ctx.draft.frontmatter.date);
  if (!draftDate) return [];
  const published = new Map<string, string>();
  for (const ref of ctx.draft.sources) if (ref.published) published.set(ref.id, ref.published);
  const findings: Finding[] = [];
  for (const sentence of ctx.draft.sentences) {
    if (sentence.cites.length === 0) continue;
    const dates = sentence.cites.map((id) => published.get(id));
    if (dates.some((date) => date === undefined)) continue;
    // The freshest cited source decides: the sentence may rest on it alone.
    const newest = (dates as string[]).reduce((a, b) => (a > b ? a : b));
    const ageDays = Math.round((Date.parse(draftDate) - Date.parse(newest)) / DAY_MS);
    const stale = relativeTimesOf(sentence.text).filter(
      ({ scale }) => ageDays > STALE_AFTER_DAYS[scale],
    );
    if (stale.length === 0) continue;
    const newestId = sentence.cites[dates.indexOf(newest)]!;
    const cited = ctx.sources.get(newestId);
    // The cited passage the expression was most likely copied from, when its text was given.
    const evidence = cited && bestEvidenceOf(sentence.text, [cited]);
    findings.push({
      kind: 'stale-relative-time',
      severity: 'warning',
      sentence: sentence.text,
      source: sentence.cites.length === 1 ? newestId : null,
      detail: `${stale.map(({ expression }) => `"${expression}"`).join(', ')} in a draft dated ${draftDate}, but the ${sentence.cites.length === 1 ? 'cited source' : 'newest cited source'} (${newestId}) was published ${newest}, ${ageDays} days earlier: say the date instead (stale after ${stale.map(({ expression, scale }) => `${STALE_AFTER_DAYS[scale]} days for "${expression}"`).join(', ')})`,
      ...(evidence ? { evidence } : {}),
    });
  }
  return findings;
};
