import { describe, expect, it } from 'vitest';
import { decodeEntries, encodeEntries, type Entry } from '../../../src/corpus/store/entry-table.js';

const entry = (i: number, path: string): Entry => ({
  path,
  contentHash: (i.toString(16).padStart(2, '0') + 'ab').repeat(16),
  size: 1000 + i,
  mtimeMs: 1_700_000_000_000.125 + i,
  segment: i % 2,
  offset: i * 300,
  shingleCount: 100 + i,
  slot: i === 1 ? -1 : i,
  sources: i === 2 ? [{ url: 'https://example.org/a', sha256: 'aa' }] : [],
});

describe('entry table', () => {
  it('round-trips entries, non-ASCII paths and sparse sources', () => {
    const entries = [
      entry(0, 'posts/a.md'),
      entry(1, '.rejected/é ü.md'),
      entry(2, 'pending/c.md'),
    ];
    const { bytes, sources } = encodeEntries(entries);
    expect(Object.keys(sources)).toEqual(['2']);
    // A copy at an odd offset, as a pooled Buffer may be.
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expect(decodeEntries(shifted.subarray(3), 3, sources)).toEqual(entries);
  });

  it('takes a content hash as its 32 bytes as well as hex', () => {
    const hex = entry(3, 'd.md').contentHash as string;
    const asBytes = { ...entry(3, 'd.md'), contentHash: Buffer.from(hex, 'hex') };
    const { bytes, sources } = encodeEntries([asBytes]);
    expect(decodeEntries(bytes, 1, sources)[0]?.contentHash).toBe(hex);
    expect(() => encodeEntries([{ ...asBytes, contentHash: new Uint8Array(31) }])).toThrow(
      /31 bytes, not 32/,
    );
  });

  it('rejects a table whose length or path count does not match', () => {
    const { bytes, sources } = encodeEntries([entry(0, 'a.md'), entry(1, 'b.md')]);
    expect(() => decodeEntries(bytes, 3, sources)).toThrow(/expected at least 192/);
    expect(() => decodeEntries(bytes.subarray(0, bytes.byteLength - 5), 2, sources)).toThrow(
      /1 paths, expected 2/,
    );
    expect(() => encodeEntries([{ ...entry(0, 'a.md'), contentHash: 'xyz' }])).toThrow(
      /not SHA-256 hex/,
    );
  });
});
