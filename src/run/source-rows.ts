import type { SourceRow } from '../core/run-record.js';
import type { DedupeOutput } from '../stages/dedupe/types.js';
import type { ExtractOutput } from '../stages/extract/types.js';
import type { FetchOutput } from '../stages/fetch/types.js';

/**
 * One row per source item, following it through fetch, extract and dedupe to the draft.
 *
 * @param cited Ids the draft cites, or null before there is a draft.
 */
export function buildSourceRows(
  fetched: FetchOutput,
  extracted: ExtractOutput | undefined,
  deduped: DedupeOutput | undefined,
  cited: Set<string> | null,
): SourceRow[] {
  const rows: SourceRow[] = [];
  for (const request of fetched.records) {
    if (request.id === null) continue;
    const row: SourceRow = {
      id: request.id,
      url: request.url,
      from: fetched.documents.find((doc) => doc.id === request.id)?.from ?? '',
      status: request.ok ? 'kept' : 'failed',
      httpStatus: request.status,
      bytes: request.bytes,
      elapsedMs: request.elapsedMs,
      attempts: request.attempts,
      fromCache: request.fromCache,
      words: 0,
      note: request.ok
        ? ''
        : `${request.error?.step ?? 'fetch'}: ${request.error?.message ?? 'failed'}`,
    };
    const failure = extracted?.failures.find((item) => item.id === request.id);
    if (failure) {
      row.status = 'failed';
      row.note = `extract: ${failure.reason}`;
    }
    const article = extracted?.articles.find((item) => item.id === request.id);
    if (article) row.words = article.words;
    const drop = deduped?.dropped.find((item) => item.id === request.id);
    if (drop) {
      row.status = 'dropped';
      row.note = `${drop.reason}: ${drop.duplicateOf} (${drop.measure} ${drop.similarity.toFixed(3)} >= ${drop.threshold})`;
    }
    if (row.status === 'kept' && cited?.has(request.id)) row.status = 'cited';
    rows.push(row);
  }
  // Requests finish in any order; the report lists sources by id.
  return rows.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}
