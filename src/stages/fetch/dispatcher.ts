/**
 * The undici dispatcher of a run: every connection's resolved address goes through the address
 * guard inside the socket's own DNS lookup, so the address checked is the address connected to.
 */
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent } from 'undici';
import { refusalOf } from './address-guard.js';

/** Error given to the socket when every address of a host is refused. */
export class AddressRefusedError extends Error {
  readonly code = 'ERR_ADDRESS_REFUSED';
}

/** Resolves a host name to all its addresses. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** Default resolver: the system's (`getaddrinfo`), all addresses. */
export const systemResolver: Resolver = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Builds a `lookup` for `net.connect` that drops refused addresses and fails when none is left.
 *
 * @param resolve Resolver (ctx.net.lookup in tests).
 * @param allowPrivateNetwork The topic's setting (see {@link refusalOf}).
 */
export function guardedLookupOf(resolve: Resolver, allowPrivateNetwork: boolean) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: LookupCallback,
  ): void => {
    resolve(hostname).then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 'IPv4'
            ? 4
            : options.family === 6 || options.family === 'IPv6'
              ? 6
              : 0;
        const family = addresses.filter((a) => wanted === 0 || a.family === wanted);
        const allowed = family.filter((a) => refusalOf(a.address, allowPrivateNetwork) === null);
        if (allowed.length === 0) {
          const first = family[0];
          const error = first
            ? new AddressRefusedError(
                `${refusalOf(first.address, allowPrivateNetwork)} (${hostname})`,
              )
            : Object.assign(new Error(`no address found for ${hostname}`), { code: 'ENOTFOUND' });
          callback(error, '', 0);
          return;
        }
        if (options.all) callback(null, allowed);
        else callback(null, allowed[0]!.address, allowed[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** Options of {@link createGuardedAgent}. */
export interface AgentOptions {
  resolve: Resolver;
  allowPrivateNetwork: boolean;
  /** TCP+TLS connect timeout in ms. */
  connectTimeoutMs: number;
}

/**
 * Creates the undici Agent of a run with the address guard at connect time.
 *
 * @param options Resolver, allowPrivateNetwork, connect timeout.
 */
export function createGuardedAgent(options: AgentOptions): Agent {
  return new Agent({
    connect: {
      timeout: options.connectTimeoutMs,
      lookup: guardedLookupOf(options.resolve, options.allowPrivateNetwork) as never,
    },
    keepAliveTimeout: 4_000,
  });
}
