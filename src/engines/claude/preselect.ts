import type { Topic } from '../../core/topic.js';
import { Bm25Index, type Passage } from './bm25.js';
import { readable, untrusted, type SourceDoc } from './source-text.js';

/** Characters of source text a batch request carries by default (about 3,400 tokens). */
export const PRESELECT_MAX_CHARS = 12_000;

/**
 * Picks passages locally for a request that cannot call tools (the Message Batches API): each
 * source's lead paragraph, then the best BM25 hits for the topic and for each required section,
 * taken in turn, until `maxChars`. Returned grouped by source in reading order, as untrusted
 * blocks.
 *
 * @param docs The sources.
 * @param topic The topic (title and description make the main query).
 * @param sections Required sections (one query each, with the topic title).
 * @param maxChars Most characters of passage text (default {@link PRESELECT_MAX_CHARS}).
 */
export function selectPassages(
  docs: SourceDoc[],
  topic: Topic,
  sections: string[],
  maxChars = PRESELECT_MAX_CHARS,
): string {
  const passages: Passage[] = docs.flatMap((doc) =>
    doc.paragraphs.map((text, i) => ({ source: doc.id, paragraph: i + 1, text })),
  );
  const index = new Bm25Index(passages.filter((p) => !p.text.startsWith('#')));
  const chosen = new Map<string, Passage>();
  let size = 0;
  const take = (passage: Passage): void => {
    const key = `${passage.source}:${passage.paragraph}`;
    if (chosen.has(key) || size + passage.text.length > maxChars) return;
    chosen.set(key, passage);
    size += passage.text.length;
  };
  // Leads first: news and blog posts put their core facts in the opening paragraph.
  for (const doc of docs) {
    const lead = doc.paragraphs.findIndex((p) => !/^(#|!\[)/.test(p) && p.split(/\s+/).length >= 8);
    if (lead >= 0) take({ source: doc.id, paragraph: lead + 1, text: doc.paragraphs[lead] ?? '' });
  }
  const queries = [
    `${topic.title} ${topic.description}`,
    ...sections.map((s) => `${topic.title} ${s}`),
  ];
  const ranked = queries.map((q) => index.search(q, 50));
  for (let rank = 0; rank < 50 && size < maxChars; rank++) {
    for (const hits of ranked) {
      const hit = hits[rank];
      if (hit) take(hit);
    }
  }
  return docs
    .map((doc) => {
      const picked = [...chosen.values()]
        .filter((p) => p.source === doc.id)
        .sort((x, y) => x.paragraph - y.paragraph);
      if (picked.length === 0) return '';
      const text = picked.map((p) => `¶${p.paragraph} ${readable(p.text)}`).join('\n\n');
      return untrusted(
        doc.id,
        `paragraphs ${picked.map((p) => p.paragraph).join(',')} (selected)`,
        text,
      );
    })
    .filter(Boolean)
    .join('\n');
}
