/**
 * Checks made on a URL before any connection: the scheme (http and https only) and, for an IP
 * literal, the address itself (no DNS lookup will happen for it, so the connect-time guard of
 * `dispatcher.ts` never sees it).
 */
import { isIP } from 'node:net';
import { FetchError } from '../../core/errors.js';
import { refusalOf } from './address-guard.js';

/**
 * Throws when a URL may not be fetched.
 *
 * @param url Absolute URL.
 * @param allowPrivateNetwork The topic's setting.
 * @throws FetchError with step `url` (scheme) or `address` (refused IP literal).
 */
export function checkUrl(url: string, allowPrivateNetwork: boolean): void {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError(
      url,
      `refused: ${parsed.protocol} URLs are not fetched (http and https only)`,
      { step: 'url' },
    );
  }
  const host = hostOf(url);
  if (isIP(host)) {
    const refusal = refusalOf(host, allowPrivateNetwork);
    if (refusal) throw new FetchError(url, refusal, { step: 'address', code: 'ADDRESS_REFUSED' });
  }
}

/**
 * Resolves and checks a host name before the request, for dispatchers that have no guard of ours.
 *
 * @param url Absolute URL.
 * @param precheck Returns the refusal for a host name, or null; absent when the guard is at connect time.
 * @throws FetchError with step `address`.
 */
export async function precheckUrl(
  url: string,
  precheck: ((hostname: string) => Promise<string | null>) | null,
): Promise<void> {
  const host = hostOf(url);
  if (!precheck || isIP(host)) return;
  const refusal = await precheck(host);
  if (refusal) throw new FetchError(url, refusal, { step: 'address', code: 'ADDRESS_REFUSED' });
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, '');
}
