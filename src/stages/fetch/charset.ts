/**
 * Bytes to text: the charset comes from the byte order mark, then the Content-Type header, then
 * the document itself (XML declaration, HTML `<meta>`), else UTF-8 (with a windows-1252 fallback
 * for bytes that are not valid UTF-8, as browsers do for legacy pages).
 *
 * The BOM wins over the header as in the WHATWG Encoding standard ("decode" algorithm).
 */

/** How far into the body the document's own declaration is looked for, in bytes. */
const SNIFF_BYTES = 4096;

/** What the charset was decided from. */
export type CharsetSource = 'bom' | 'header' | 'xml-declaration' | 'meta' | 'default' | 'fallback';

/** A decoded body. */
export interface DecodedText {
  text: string;
  /** WHATWG encoding name actually used, e.g. `windows-1252`. */
  charset: string;
  source: CharsetSource;
}

/**
 * Decodes a body to text.
 *
 * @param bytes The body (after Content-Encoding was undone).
 * @param contentType The Content-Type header value, when any (its `charset` parameter is used).
 */
export function decodeText(bytes: Uint8Array, contentType?: string | null): DecodedText {
  const bom = bomCharsetOf(bytes);
  if (bom) return decodeWith(bytes, bom, 'bom');
  const header = contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] : undefined;
  if (header && isKnownCharset(header)) return decodeWith(bytes, header, 'header');
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.byteLength, SNIFF_BYTES),
  ).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  if (declared && isKnownCharset(declared)) return decodeWith(bytes, declared, 'xml-declaration');
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  if (meta && isKnownCharset(meta)) return decodeWith(bytes, meta, 'meta');
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      charset: 'utf-8',
      source: 'default',
    };
  } catch {
    // Not UTF-8 and nothing declared: legacy Western pages are the common case.
    return decodeWith(bytes, 'windows-1252', 'fallback');
  }
}

function decodeWith(bytes: Uint8Array, label: string, source: CharsetSource): DecodedText {
  // A declared UTF-16 without a BOM is almost always a lie told by an ASCII-compatible body.
  const safeLabel = source !== 'bom' && /^utf-?16/i.test(label) ? 'utf-8' : label;
  const decoder = new TextDecoder(safeLabel);
  // Node 20's windows-1252 decoder (also behind the `iso-8859-1`/`latin1` labels) is really
  // Latin-1: 0x80-0x9F come out as C1 controls. The Encoding standard, and every browser, reads
  // them as windows-1252 (0x80 is €, 0x93 is “), so those 32 bytes are mapped here.
  if (decoder.encoding === 'windows-1252')
    return { text: decodeWindows1252(bytes), charset: decoder.encoding, source };
  return { text: decoder.decode(bytes), charset: decoder.encoding, source };
}

function bomCharsetOf(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function isKnownCharset(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** windows-1252 code points of bytes 0x80-0x9F (WHATWG index-windows-1252); the rest is Latin-1. */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) =>
    String.fromCharCode(WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!),
  );
}
