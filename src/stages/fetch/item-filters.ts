/**
 * Per-source item filters: the topic's `include` (substring or `/regex/flags`), one item per URL,
 * newest first.
 */
import type { SourceItem } from './types.js';

/**
 * Builds the `include` filter: `/regex/flags` is a regular expression, anything else a substring.
 *
 * @throws Error for an invalid regular expression.
 */
export function includeFilterOf(include: string | undefined): (url: string) => boolean {
  if (!include) return () => true;
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(include);
  if (!regex) return (url) => url.includes(include);
  let pattern: RegExp;
  try {
    pattern = new RegExp(regex[1]!, regex[2]);
  } catch (cause) {
    throw new Error(
      `include ${include} is not a valid regular expression: ${(cause as Error).message}`,
      { cause },
    );
  }
  return (url) => pattern.test(url);
}

/** Keeps the first item of each URL. */
export function unique(items: SourceItem[]): SourceItem[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.url) && seen.add(item.url));
}

/** Dated items newest first, then undated ones in document order (a stable sort). */
export function newestFirst(items: SourceItem[]): SourceItem[] {
  return items
    .map((item, index) => ({
      item,
      index,
      time: item.published ? Date.parse(item.published) : Number.NEGATIVE_INFINITY,
    }))
    .sort((a, b) => b.time - a.time || a.index - b.index)
    .map(({ item }) => item);
}
