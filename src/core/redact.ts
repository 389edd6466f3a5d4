/**
 * Credentials written into URLs (`https://user:pass@host/feed.xml` in a topic file) must never
 * reach what the pipeline prints: the run report, the PR body, logs, error lines, `--json`
 * output. The user information is replaced by `***`, which keeps the URL valid and its host
 * readable.
 */

// scheme "://" then user information up to the "@" that ends the authority (RFC 3986, 3.2.1).
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>`]*@/gi;

/** What replaces the user information of a URL. */
export const REDACTED_USERINFO = '***';

/**
 * The text with the user information of every URL in it (user, password) replaced by `***`.
 *
 * @param text Any text: a URL, a message, a whole report or JSON document.
 */
export function redactCredentials(text: string): string {
  return text.includes('@') ? text.replace(USERINFO, `$1${REDACTED_USERINFO}@`) : text;
}

/**
 * A URL without its user information (`https://user:pass@host/x` -> `https://host/x`): what a
 * draft cites and what "already used" compares. Text that is not a URL is returned as it is.
 *
 * @param url A URL.
 */
export function withoutCredentials(url: string): string {
  if (!url.includes('@')) return url;
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return redactCredentials(url);
  }
}
