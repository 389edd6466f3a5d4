import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedLookupOf } from '../../../src/stages/fetch/dispatcher.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/fetch/${name}`, import.meta.url), 'utf8');

describe('the connect-time guard on TLS connections', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer(
      { key: fixture('test-key.pem'), cert: fixture('test-cert.pem') },
      (_req, res) => res.end('over tls'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (allowPrivateNetwork: boolean) => {
    const resolved: string[] = [];
    const lookup = guardedLookupOf((host) => {
      resolved.push(host);
      return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    }, allowPrivateNetwork);
    const agent = new Agent({ connect: { ca: fixture('test-cert.pem'), lookup: lookup as never } });
    try {
      const res = await request(`https://site.test:${port}/`, { dispatcher: agent });
      return { resolved, body: await res.body.text() };
    } finally {
      await agent.close();
    }
  };

  it('resolves through the guard and connects when the address is allowed', async () => {
    expect(await get(true)).toEqual({ resolved: ['site.test'], body: 'over tls' });
  });

  it('refuses before the handshake when the address is not allowed', async () => {
    await expect(get(false)).rejects.toThrow(
      'refused: 127.0.0.1 is a loopback address (site.test)',
    );
  });
});
