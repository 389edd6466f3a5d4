/**
 * Small helpers for reading metadata values: whitespace and entity clean-up, first-usable-value.
 */
import { decodeEntities } from './entities.js';

/** The value unless it is a URL (some sites put a profile URL where a name belongs). */
export function notUrl(value: string | null | undefined): string | null {
  return value && !/^https?:\/\//i.test(value) ? value : null;
}

/** Whitespace collapsed, entities decoded, trimmed; null when nothing is left. */
export function clean(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const text = decodeEntities(value).replace(/\s+/g, ' ').trim();
  return text || null;
}

/** The first usable value; functions are called only when every value before them is empty. */
export function first(
  ...values: (string | null | undefined | (() => string | null))[]
): string | null {
  for (const value of values) {
    const resolved = typeof value === 'function' ? value() : value;
    if (resolved) return resolved;
  }
  return null;
}

/** Whether two texts are equal ignoring case and outer whitespace. */
export function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
