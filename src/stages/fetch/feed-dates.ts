/**
 * Feed and sitemap dates to ISO 8601 UTC.
 *
 * Feeds write dates in RFC 822/2822 (`Tue, 05 Apr 2022 09:20 EDT`), W3C/ISO 8601
 * (`2022-04-05T09:20:00-04:00`, `2022-04-05`) and many near misses. A date without a zone is read
 * as UTC: the feed gives nothing better, and the machine's zone must not change the result.
 */

/** RFC 822 zone names (RFC 2822 section 4.3), in minutes east of UTC. */
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  // Not in RFC 822, but common in European and Asian feeds.
  CET: 60,
  CEST: 120,
  BST: 60,
  JST: 540,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Month abbreviations some generators localise (Portuguese, Spanish, German, French, Italian,
 * Dutch), by the first three letters, lower-cased. A localised date is still a date; reading it
 * beats reporting none.
 */
const LOCAL_MONTHS: Record<string, number> = {
  ene: 0,
  gen: 0,
  fev: 1,
  fév: 1,
  mär: 2,
  maa: 2,
  mrt: 2,
  abr: 3,
  avr: 3,
  mai: 4,
  mei: 4,
  mag: 4,
  giu: 5,
  lug: 6,
  ago: 7,
  aoû: 7,
  set: 8,
  out: 9,
  okt: 9,
  ott: 9,
  dez: 11,
  dic: 11,
  déc: 11,
  // French juin and juillet share three letters.
  juin: 5,
  juil: 6,
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const RFC822 =
  /^(?:\p{L}{2,9}\.?,?\s*)?(\d{1,2})[\s-]+(\p{L}{3,9})\.?[\s-]+(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?\s*(?:\([^)]*\))?$/u;

/**
 * Converts a feed or sitemap date to ISO 8601 UTC to the second (`2022-04-05T13:20:00Z`).
 *
 * @param text The date as written (RFC 822/2822, ISO 8601 or anything `Date.parse` reads).
 * @returns The ISO string, or null when the text is empty or not a date.
 */
export function isoDateOf(text: string | null | undefined): string | null {
  const value = text?.trim();
  if (!value) return null;
  const ms = isoMsOf(value) ?? rfc822MsOf(value) ?? fallbackMsOf(value);
  if (ms === null || !Number.isFinite(ms)) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoMsOf(value: string): number | null {
  const m = ISO.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Date.UTC(
    +y!,
    +mo! - 1,
    +d!,
    +h,
    +mi,
    +s,
    Math.floor(Number(`0.${frac || '0'}`) * 1000),
  );
  return ms - offsetMinutesOf(zone) * 60_000;
}

function rfc822MsOf(value: string): number | null {
  const m = RFC822.exec(value);
  if (!m) return null;
  const [, d, monthName, yearText, h = '0', mi = '0', s = '0', zone] = m;
  const name = monthName!.toLowerCase();
  const key = name.slice(0, 3);
  const month = MONTHS.includes(key)
    ? MONTHS.indexOf(key)
    : (LOCAL_MONTHS[name.slice(0, 4)] ?? LOCAL_MONTHS[key] ?? -1);
  if (month < 0) return null;
  let year = +yearText!;
  // RFC 2822 section 4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx; three digits add 1900.
  if (yearText!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearText!.length === 3) year += 1900;
  const ms = Date.UTC(year, month, +d!, +h, +mi, +s);
  return ms - offsetMinutesOf(zone) * 60_000;
}

function fallbackMsOf(value: string): number | null {
  // Date.parse reads a zone-less date-time in the machine's zone; add UTC when no zone is written.
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2}|\b[A-Z]{2,4})\s*$/.test(value);
  const ms = Date.parse(hasZone ? value : `${value} UTC`);
  if (!Number.isNaN(ms)) return ms;
  const bare = Date.parse(value);
  return Number.isNaN(bare) ? null : bare;
}

function offsetMinutesOf(zone: string | undefined): number {
  if (!zone) return 0;
  const upper = zone.toUpperCase();
  if (upper in ZONES) return ZONES[upper]!;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + +(m[3] ?? '0'));
  // Other military letters are ambiguous (RFC 2822 section 4.3 says read them as -0000).
  return 0;
}
