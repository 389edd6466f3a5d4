import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/stages/fetch/charset.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('decodeText', () => {
  it('lets the BOM win over the header', () => {
    const out = decodeText(
      bytes([0xef, 0xbb, 0xbf], 'caf', [0xc3, 0xa9]),
      'text/html; charset=iso-8859-1',
    );
    expect(out).toEqual({ text: 'café', charset: 'utf-8', source: 'bom' });
  });
  it('reads UTF-16 with a BOM', () => {
    expect(decodeText(Buffer.from('\ufeffhé', 'utf16le')).text).toBe('hé');
  });
  it('uses the header charset, then the XML declaration, then <meta>', () => {
    expect(decodeText(bytes([0xe9]), 'text/plain; charset="windows-1252"')).toMatchObject({
      text: 'é',
      source: 'header',
    });
    expect(
      decodeText(bytes('\n <?xml version="1.0" encoding="ISO-8859-1"?><a>', [0x80], '</a>')),
    ).toMatchObject({
      text: '\n <?xml version="1.0" encoding="ISO-8859-1"?><a>€</a>',
      source: 'xml-declaration',
    });
    expect(
      decodeText(
        bytes(
          '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">',
          [0x82, 0xa0],
        ),
      ),
    ).toMatchObject({
      text: '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">あ',
      source: 'meta',
    });
  });
  it('defaults to UTF-8 and falls back to windows-1252 for bytes that are not UTF-8', () => {
    expect(decodeText(bytes('ok ', [0xc3, 0xa9]))).toMatchObject({
      text: 'ok é',
      source: 'default',
    });
    expect(decodeText(bytes('ok ', [0x93, 0x69, 0x94]))).toMatchObject({
      text: 'ok “i”',
      source: 'fallback',
    });
  });
  it('ignores an unknown charset label', () => {
    expect(decodeText(bytes('plain'), 'text/html; charset=x-no-such-thing')).toMatchObject({
      text: 'plain',
      source: 'default',
    });
  });
});
