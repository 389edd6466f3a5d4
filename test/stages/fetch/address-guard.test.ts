import { afterEach, describe, expect, it } from 'vitest';
import { classifyAddress, refusalOf } from '../../../src/stages/fetch/address-guard.js';
import { fetchSources, resolveSources } from '../../../src/stages/fetch/index.js';
import { contextOf, startServer, topicOf, type TestServer } from './helpers.js';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', null],
    ['172.32.0.1', null],
    ['2606:4700::1111', null],
    ['::ffff:8.8.8.8', null],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['64:ff9b::a00:5', 'private'],
    ['169.254.169.254', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'unique-local'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['[::1]', 'loopback'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('refusalOf', () => {
  it('refuses private and loopback by default, with the address in the message', () => {
    expect(refusalOf('10.0.0.5', false)).toBe('refused: 10.0.0.5 is a private address');
    expect(refusalOf('127.0.0.1', false)).toBe('refused: 127.0.0.1 is a loopback address');
  });
  it('allows loopback and private with allowPrivateNetwork, never link-local or multicast', () => {
    expect(refusalOf('127.0.0.1', true)).toBeNull();
    expect(refusalOf('192.168.0.10', true)).toBeNull();
    expect(refusalOf('169.254.169.254', true)).toBe(
      'refused: 169.254.169.254 is a link-local address',
    );
    expect(refusalOf('224.0.0.1', true)).toBe('refused: 224.0.0.1 is a multicast address');
  });
});

describe('the guard in the fetch stage', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('refuses loopback by default and sends no request at all', async () => {
    server = await startServer((_req, res) => res.end('should not be reached'));
    const topic = topicOf([{ kind: 'page', url: `${server.origin}/page` }], {
      allowPrivateNetwork: false,
    });
    const out = await fetchSources({ sources: topic.sources }, contextOf(topic));
    expect(out.documents).toHaveLength(0);
    const record = out.records.find((r) => r.id === 's1');
    expect(record?.error).toEqual({
      step: 'address',
      message: 'refused: 127.0.0.1 is a loopback address',
    });
    expect(server.requests).toEqual([]);
  });

  it('checks the address a name resolves to at connect time (custom resolver)', async () => {
    server = await startServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('reached'),
    );
    const lookup = (host: string) =>
      Promise.resolve(
        host === 'intranet.test'
          ? [{ address: '10.0.0.5', family: 4 }]
          : [{ address: '127.0.0.1', family: 4 }],
      );
    const topic = topicOf(
      [
        { kind: 'page', url: `http://intranet.test:${server.port}/secret` },
        { kind: 'page', url: `http://metadata.test:${server.port}/latest` },
      ],
      { allowPrivateNetwork: false },
    );
    const out = await fetchSources(
      { sources: topic.sources },
      contextOf(topic, { net: { lookup } }),
    );
    expect(out.records.find((r) => r.id === 's1')?.error).toEqual({
      step: 'address',
      message: 'refused: 10.0.0.5 is a private address (intranet.test)',
    });
    expect(out.records.find((r) => r.id === 's2')?.error?.message).toBe(
      'refused: 127.0.0.1 is a loopback address (metadata.test)',
    );
    expect(server.requests).toEqual([]);
  });

  it('lets a name resolving to loopback through when the topic allows the private network', async () => {
    server = await startServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('reached'),
    );
    const lookup = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    const topic = topicOf([{ kind: 'page', url: `http://site.test:${server.port}/ok` }]);
    const out = await fetchSources(
      { sources: topic.sources },
      contextOf(topic, { net: { lookup } }),
    );
    expect(out.documents[0]?.body).toBe('reached');
  });

  it('never reaches the metadata range, even with allowPrivateNetwork', async () => {
    const lookup = () => Promise.resolve([{ address: '169.254.169.254', family: 4 }]);
    const topic = topicOf([{ kind: 'feed', url: 'http://metadata.test/latest/meta-data/' }]);
    const out = await resolveSources(topic.sources, contextOf(topic, { net: { lookup } }));
    expect(out.errors).toEqual([
      {
        source: 'http://metadata.test/latest/meta-data/',
        error: 'refused: 169.254.169.254 is a link-local address (metadata.test)',
      },
    ]);
  });

  it('re-checks every redirect hop: a redirect to the metadata address is refused', async () => {
    server = await startServer((_req, res) =>
      res.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end(),
    );
    const topic = topicOf([{ kind: 'page', url: `${server.origin}/go` }]);
    const out = await fetchSources({ sources: topic.sources }, contextOf(topic));
    expect(out.records.find((r) => r.id === 's1')?.error).toEqual({
      step: 'address',
      message: 'refused: 169.254.169.254 is a link-local address',
    });
    expect(server.requests.filter((p) => p === '/go')).toHaveLength(1);
  });

  it('re-checks a redirect to a name that resolves to a refused address', async () => {
    server = await startServer((_req, res) =>
      res.writeHead(307, { location: `http://intranet.test:${server!.port}/x` }).end(),
    );
    // The first host maps to loopback (allowed by the topic), the redirect target to link-local.
    const strictLookup = (host: string) =>
      Promise.resolve(
        host === 'intranet.test'
          ? [{ address: '169.254.0.9', family: 4 }]
          : [{ address: '127.0.0.1', family: 4 }],
      );
    const topic = topicOf([{ kind: 'page', url: `http://public.test:${server.port}/go` }], {
      allowPrivateNetwork: true,
    });
    const out = await fetchSources(
      { sources: topic.sources },
      contextOf(topic, { net: { lookup: strictLookup } }),
    );
    expect(out.records.find((r) => r.id === 's1')?.error?.message).toBe(
      'refused: 169.254.0.9 is a link-local address (intranet.test)',
    );
  });

  it('refuses an IPv6 loopback literal and an IPv4-mapped one before any connection', async () => {
    const topic = topicOf(
      [
        { kind: 'page', url: 'http://[::1]:9/x' },
        { kind: 'page', url: 'http://[::ffff:10.0.0.5]/x' },
      ],
      { allowPrivateNetwork: false },
    );
    const out = await fetchSources({ sources: topic.sources }, contextOf(topic));
    expect(out.records.filter((r) => r.id).map((r) => r.error)).toEqual([
      { step: 'address', message: 'refused: ::1 is a loopback address' },
      { step: 'address', message: 'refused: ::ffff:a00:5 is a private address' },
    ]);
  });

  it('names a host that does not resolve', async () => {
    const lookup = () =>
      Promise.reject(
        Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' }),
      );
    const topic = topicOf([{ kind: 'page', url: 'http://nowhere.test/x' }]);
    const out = await fetchSources(
      { sources: topic.sources },
      contextOf(topic, { net: { lookup } }),
    );
    expect(out.records.find((r) => r.id === 's1')?.error).toEqual({
      step: 'dns',
      message: 'host not found (ENOTFOUND)',
    });
  });

  it('refuses schemes other than http and https', async () => {
    const topic = topicOf([{ kind: 'page', url: 'ftp://files.example/x' }]);
    const out = await fetchSources({ sources: topic.sources }, contextOf(topic));
    expect(out.records[0]?.error).toEqual({
      step: 'url',
      message: 'refused: ftp: URLs are not fetched (http and https only)',
    });
  });
});
