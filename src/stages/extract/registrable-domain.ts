/**
 * Whether a page may name another URL as its canonical one: only within its own registrable
 * domain (issue 17: a page served from 127.0.0.1 must not become a Reuters citation).
 *
 * The rule is a simple approximation of the Public Suffix List: the last two labels of a host, or
 * the last three when the second-to-last is a common second-level label under a two-letter
 * country code (`bbc.co.uk`, `abc.net.au`). IP addresses and single-label hosts are their own
 * domain. Hosts under shared private suffixes (`a.github.io` and `b.github.io`) count as one site;
 * the exact list would need a public-suffix library.
 */

// Second-level labels that country registries sell names under (`example.co.uk`, `x.com.au`).
const COUNTRY_SECOND_LEVEL = new Set([
  'ac',
  'co',
  'com',
  'edu',
  'gob',
  'gov',
  'go',
  'ltd',
  'mil',
  'ne',
  'net',
  'nhs',
  'or',
  'org',
  'plc',
  'sch',
]);

/**
 * The registrable domain of a host name (lower case, trailing dot removed).
 *
 * @param hostname A URL's `hostname` (IPv6 in brackets as `URL` gives it).
 */
export function registrableDomainOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) return host;
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const keep = tld.length === 2 && COUNTRY_SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * Whether `canonical` may stand for the page fetched from `pageUrl`: an http(s) URL on the same
 * registrable domain. A page with no known URL, or read from a local file the operator put in the
 * project (`file:`), keeps its canonical: there is no fetched site it could be impersonating.
 *
 * @param canonical Absolute http(s) URL the page declares.
 * @param pageUrl URL the page was fetched from (after redirects), if known.
 */
export function isCanonicalAllowed(canonical: string, pageUrl?: string): boolean {
  if (!pageUrl) return true;
  let page: URL, target: URL;
  try {
    page = new URL(pageUrl);
    target = new URL(canonical);
  } catch {
    return false;
  }
  if (page.protocol === 'file:') return true;
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  return registrableDomainOf(page.hostname) === registrableDomainOf(target.hostname);
}
