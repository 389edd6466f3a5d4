import type { StageContext } from '../../core/context.js';
import type { Article } from './types.js';
import {
  DEFAULT_CONTAINMENT,
  DEFAULT_JACCARD,
  fingerprintOf,
  similarityOf,
  verdictOf,
  type Fingerprint,
  type Thresholds,
  type Verdict,
} from '../../corpus/index.js';
import type { DedupeInput, DedupeOutput, Drop } from './types.js';

interface Kept {
  article: Article;
  fingerprint: Fingerprint;
}

/**
 * Drops articles already used by a draft, too close to the corpus, or copies of each other,
 * saying why for each (measure, similarity, threshold). Synchronous, no I/O: the corpus index
 * arrives loaded ({@link loadCorpus}).
 *
 * Order of the checks per article: a URL or text hash cited by a published, pending or rejected
 * draft (`already-used`); a corpus post at or over a threshold (`duplicate-of-corpus`); an
 * article kept before it (`duplicate-of-source`: syndicated copies). Of two copies the earliest
 * published is kept (input order breaks ties): when the later one was published first, it takes
 * the earlier one's place and the earlier one is dropped.
 *
 * @param input Articles in fetch order and the corpus index.
 * @param ctx Stage context; `ctx.topic.dedupe.threshold` / `.containment` override the
 *   Jaccard (default 0.42) and containment (default 0.9) thresholds.
 */
export function dedupe(input: DedupeInput, ctx: StageContext): DedupeOutput {
  const { threshold, containment } = ctx.topic.dedupe;
  // Only the topic's own settings are passed to the corpus: it keeps its configured defaults.
  const overrides: Partial<Thresholds> = {
    ...(threshold !== undefined ? { jaccard: threshold } : {}),
    ...(containment !== undefined ? { containment } : {}),
  };
  const limits: Thresholds = {
    jaccard: DEFAULT_JACCARD,
    containment: DEFAULT_CONTAINMENT,
    ...overrides,
  };
  const usedUrls = normalisedKeysOf(input.corpus.usedUrls);
  const kept: Kept[] = [];
  const dropped: Drop[] = [];
  // Sources already covered (used by a draft, or in the corpus) are set aside first, so that a
  // syndicated copy of a covered source is dropped too, wherever it stands in the fetch order.
  const covered: Kept[] = [];
  const earlier: Kept[] = (input.earlier ?? []).map((article) => ({
    article,
    fingerprint: fingerprintOf(article.markdown),
  }));
  const fresh: Article[] = [];
  for (const article of input.articles) {
    const used = usedBy(article, usedUrls, input.corpus.usedHashes);
    if (used) {
      dropped.push({
        id: article.id,
        url: article.url,
        reason: 'already-used',
        duplicateOf: used.file,
        measure: used.measure,
        similarity: 1,
        threshold: 1,
      });
      covered.push({ article, fingerprint: fingerprintOf(article.markdown) });
      continue;
    }
    const match = input.corpus.nearest(article.markdown, overrides);
    if (match) {
      dropped.push({
        id: article.id,
        url: article.url,
        reason: 'duplicate-of-corpus',
        duplicateOf: match.id,
        measure: match.measure,
        similarity: match.similarity,
        threshold: match.threshold,
      });
      covered.push({ article, fingerprint: fingerprintOf(article.markdown) });
      continue;
    }
    fresh.push(article);
  }
  for (const article of fresh) {
    const fingerprint = fingerprintOf(article.markdown);
    const coveredCopy = copyOf(article, fingerprint, covered, limits);
    if (coveredCopy) {
      const other = covered[coveredCopy.index]!;
      const why = dropped.find((drop) => drop.id === other.article.id);
      dropped.push({
        id: article.id,
        url: article.url,
        reason: 'duplicate-of-source',
        duplicateOf: `${other.article.id} ${other.article.url} (${why?.reason ?? 'covered'}: ${why?.duplicateOf ?? ''})`,
        measure: coveredCopy.verdict.measure,
        similarity: coveredCopy.verdict.similarity,
        threshold: coveredCopy.verdict.threshold,
      });
      continue;
    }
    const earlierCopy = copyOf(article, fingerprint, earlier, limits);
    if (earlierCopy) {
      const other = earlier[earlierCopy.index]!;
      dropped.push({
        id: article.id,
        url: article.url,
        reason: 'duplicate-of-source',
        duplicateOf: `${other.article.id} ${other.article.url}`,
        measure: earlierCopy.verdict.measure,
        similarity: earlierCopy.verdict.similarity,
        threshold: earlierCopy.verdict.threshold,
      });
      continue;
    }
    const copy = copyOf(article, fingerprint, kept, limits);
    if (!copy) {
      kept.push({ article, fingerprint });
      continue;
    }
    const other = kept[copy.index]!;
    const [keep, drop] = isPublishedBefore(article, other.article)
      ? [{ article, fingerprint }, other]
      : [other, { article, fingerprint }];
    kept[copy.index] = keep;
    dropped.push({
      id: drop.article.id,
      url: drop.article.url,
      reason: 'duplicate-of-source',
      duplicateOf: `${keep.article.id} ${keep.article.url}`,
      measure: copy.verdict.measure,
      similarity: copy.verdict.similarity,
      threshold: copy.verdict.threshold,
    });
  }
  return { kept: kept.map((k) => k.article), dropped };
}

function usedBy(
  article: Article,
  usedUrls: ReadonlyMap<string, string>,
  usedHashes: ReadonlyMap<string, string>,
): { file: string; measure: 'url' | 'sha256' } | null {
  for (const url of [article.url, article.canonicalUrl]) {
    const file = url ? usedUrls.get(normalisedUrlOf(url)) : undefined;
    if (file !== undefined) return { file, measure: 'url' };
  }
  const file = usedHashes.get(article.sha256.toLowerCase());
  return file === undefined ? null : { file, measure: 'sha256' };
}

// Compared both ways: either copy may be the truncated one.
function copyOf(
  article: Article,
  fingerprint: Fingerprint,
  kept: Kept[],
  limits: Thresholds,
): { index: number; verdict: Verdict } | null {
  let best: { index: number; verdict: Verdict } | null = null;
  kept.forEach((other, index) => {
    const sameUrl = normalisedUrlOf(other.article.url) === normalisedUrlOf(article.url);
    const verdict: Verdict = sameUrl
      ? {
          measure: 'url',
          similarity: 1,
          threshold: 1,
          duplicate: true,
          score: Number.POSITIVE_INFINITY,
        }
      : [
          verdictOf(similarityOf(other.fingerprint.shingles, fingerprint.shingles), limits),
          verdictOf(similarityOf(fingerprint.shingles, other.fingerprint.shingles), limits),
        ].sort((a, b) => b.score - a.score)[0]!;
    if (verdict.duplicate && (!best || verdict.score > best.verdict.score))
      best = { index, verdict };
  });
  return best;
}

function isPublishedBefore(a: Article, b: Article): boolean {
  const ta = a.published ? Date.parse(a.published) : Number.NaN;
  const tb = b.published ? Date.parse(b.published) : Number.NaN;
  return Number.isFinite(ta) && Number.isFinite(tb) && ta < tb;
}

function normalisedKeysOf(map: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [url, file] of map)
    if (!out.has(normalisedUrlOf(url))) out.set(normalisedUrlOf(url), file);
  return out;
}

/**
 * A URL in a form where trivial differences vanish: no fragment, lower-case scheme and host,
 * no trailing slash; text that is not a URL is returned trimmed.
 *
 * @param url URL text.
 */
export function normalisedUrlOf(url: string): string {
  try {
    const parsed = new URL(url.trim());
    parsed.hash = '';
    // A draft cites a source without the credentials its topic file may give.
    parsed.username = '';
    parsed.password = '';
    return parsed.href.replace(/\/+$/, '');
  } catch {
    return url.trim();
  }
}
