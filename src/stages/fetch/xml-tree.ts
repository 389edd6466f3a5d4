/**
 * A small namespace-aware element tree over fast-xml-parser's ordered output.
 *
 * Feeds use any prefix for a namespace (`a10:link` is an Atom link), so elements are matched on
 * (namespace URI, local name), never on the prefix. `xml:base` is resolved as the tree is built, so
 * each element knows the base URL its relative links resolve against (XML Base, section 4.2).
 */
import { XMLParser } from 'fast-xml-parser';

/** Well-known namespace URIs of feeds and sitemaps. */
export const NS = {
  none: '',
  atom: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss09: 'http://my.netscape.com/rdf/simple/0.9/',
  /** The default namespace Radio UserLand and some old generators put on an RSS 2.0 root. */
  rss2userland: 'http://backend.userland.com/rss2',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  xhtml: 'http://www.w3.org/1999/xhtml',
} as const;

/** An element: its namespace, local name, attributes (entities decoded), children and base URL. */
export interface XmlElement {
  ns: string;
  local: string;
  /** Attributes by their qualified name as written (`xml:base`, `rel`, `rdf:about`). */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Base URL in scope (xml:base resolved against the document URL). */
  base: string;
}

/** Character data; `cdata` text is literal (no entity decoding happened or is due). */
export interface XmlText {
  text: string;
}

export type XmlNode = XmlElement | XmlText;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Entities are decoded here, not by the parser, so that CDATA stays literal and `&amp;#163;`
  // is decoded exactly once at the XML level (feeds then decode HTML titles a second time).
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * Parses XML text into a tree and returns its root element.
 *
 * @param text XML text; leading whitespace and a BOM before the declaration are tolerated.
 * @param documentUrl URL the document was fetched from (the base of relative links).
 * @throws Error when the text holds no element.
 */
export function parseXml(text: string, documentUrl: string): XmlElement {
  const ordered = parser.parse(text.replace(/^[\s\ufeff]+/, '')) as Ordered[];
  const top: XmlElement = {
    ns: '',
    local: '#document',
    attrs: {},
    children: [],
    base: documentUrl,
  };
  convert(ordered, top, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  const root = top.children.find(isElement);
  if (!root) throw new Error('no XML element found');
  return root;
}

function convert(list: Ordered[], parent: XmlElement, scope: Map<string, string>): void {
  for (const entry of list) {
    const name = Object.keys(entry).find((key) => key !== ':@');
    if (name === undefined || name === '#comment' || name.startsWith('?') || name.startsWith('!'))
      continue;
    const value = entry[name];
    if (name === '#text') {
      parent.children.push({ text: decodeXmlEntities(String(value)) });
      continue;
    }
    if (name === '#cdata') {
      const inner = (value as Array<{ '#text'?: string }>)
        .map((part) => part['#text'] ?? '')
        .join('');
      parent.children.push({ text: inner });
      continue;
    }
    const rawAttrs = entry[':@'] ?? {};
    const attrs: Record<string, string> = {};
    for (const [key, raw] of Object.entries(rawAttrs)) attrs[key] = decodeXmlEntities(String(raw));
    let local = scope;
    for (const [key, uri] of Object.entries(attrs)) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (local === scope) local = new Map(scope);
        local.set(key === 'xmlns' ? '' : key.slice(6), uri.trim());
      }
    }
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const element: XmlElement = {
      ns: local.get(prefix) ?? (colon < 0 ? '' : `urn:undeclared:${prefix}`),
      local: colon < 0 ? name : name.slice(colon + 1),
      attrs,
      children: [],
      base: baseOf(attrs['xml:base'], parent.base),
    };
    parent.children.push(element);
    if (Array.isArray(value)) convert(value as Ordered[], element, local);
  }
}

function baseOf(xmlBase: string | undefined, parentBase: string): string {
  if (!xmlBase?.trim()) return parentBase;
  try {
    return new URL(xmlBase.trim(), parentBase).href;
  } catch {
    return parentBase;
  }
}

/** Whether a node is an element. */
export function isElement(node: XmlNode | undefined): node is XmlElement {
  return node !== undefined && 'local' in node;
}

/** Child elements of `element` with that local name, in one of the namespaces given. */
export function childrenOf(
  element: XmlElement,
  local: string,
  namespaces: readonly string[],
): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement =>
      isElement(child) && child.local === local && namespaces.includes(child.ns),
  );
}

/** First child element with that local name in one of the namespaces, or undefined. */
export function childOf(
  element: XmlElement,
  local: string,
  namespaces: readonly string[],
): XmlElement | undefined {
  return childrenOf(element, local, namespaces)[0];
}

/** Text of an element and all its descendants, concatenated. */
export function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  return element.children.map((child) => (isElement(child) ? textOf(child) : child.text)).join('');
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references; other `&name;` stay as written. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X'
          ? parseInt(body.slice(2), 16)
          : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return XML_ENTITIES[body] ?? whole;
  });
}
