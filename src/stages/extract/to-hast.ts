/**
 * domhandler (cheerio) nodes to hast, the unified ecosystem's HTML tree, keeping only what the
 * Markdown conversion uses, with every link and image URL made absolute.
 */
import type { AnyNode, Element as DomElement } from 'domhandler';
import type { Element as HastElement, ElementContent, Properties, Root } from 'hast';
import type { Deadline } from './deadline.js';
import { isElement, isTextNode } from './dom.js';
import {
  closeParagraphsAtListItems,
  inlineBlocksOfHeading,
  liftBlocksOutOfInline,
  separateCellBlocks,
} from './block-boundaries.js';
import { imageSourceOf, resolveUrl } from './image-source.js';
import { isLayoutTable, isTablePart, unwrapTable } from './layout-table.js';

/**
 * Converts elements (in order) into one hast root.
 *
 * @param elements Content roots, in document order.
 * @param baseUrl The document's base URL (`baseUrlOf` in `image-source.ts`); relative URLs are dropped when
 *   there is none.
 * @param deadline The page's time bound, checked as nodes are converted (optional).
 */
export function toHast(
  elements: readonly DomElement[],
  baseUrl: string | null,
  deadline?: Deadline,
): Root {
  const children: ElementContent[] = [];
  for (const element of elements) {
    closeParagraphsAtListItems(element);
    const converted = convert(element, baseUrl, 0, deadline);
    if (!converted) continue;
    // A cell or row chosen as the article (or a table around it) is layout, not data.
    const isLayout = converted.type === 'element' && isTablePart(converted);
    children.push(isLayout ? unwrapTable(converted) : converted);
  }
  return { type: 'root', children };
}

// Deeper nesting than this is malformed markup (unclosed inline tags); its text is kept flat.
const MAX_DEPTH = 400;

function convert(
  node: AnyNode,
  baseUrl: string | null,
  depth: number,
  deadline: Deadline | undefined,
): ElementContent | null {
  deadline?.tick('conversion');
  if (isTextNode(node)) return { type: 'text', value: node.data };
  if (!isElement(node)) return null;
  const children: ElementContent[] = [];
  for (const child of node.children) {
    if (depth >= MAX_DEPTH && isElement(child)) {
      children.push({ type: 'text', value: ` ${flatTextOf(child)} ` });
      continue;
    }
    const converted = convert(child, baseUrl, depth + 1, deadline);
    if (converted) children.push(converted);
  }
  const properties = propertiesOf(node, baseUrl);
  // An image with no address would be `![alt]()`: it is dropped, its alt kept only when it reads
  // as a caption (issue 22).
  if (node.name === 'img' && properties.src === undefined) {
    const alt = String(properties.alt ?? '');
    return isCaptionLike(alt) ? { type: 'text', value: ` ${alt} ` } : null;
  }
  // A link whose target cannot be made absolute (relative without a base, `javascript:`) is kept
  // as its text rather than as a broken Markdown link.
  const tagName = node.name === 'a' && properties.href === undefined ? 'span' : node.name;
  // A link left with neither text nor image (its content pruned as furniture) would be `[](url)`.
  if (tagName === 'a' && !children.some(hasContent)) return null;
  const element: HastElement = { type: 'element', tagName, properties, children };
  if (node.name === 'pre') markCodeLanguage(node, element);
  if (node.name === 'table') {
    return isLayoutTable(element) ? unwrapTable(element) : separateCellBlocks(element);
  }
  return inlineBlocksOfHeading(liftBlocksOutOfInline(element));
}

function hasContent(node: ElementContent): boolean {
  if (node.type === 'text') return node.value.trim() !== '';
  if (node.type !== 'element') return false;
  return node.tagName === 'img' || node.children.some(hasContent);
}

/** Alt text that says something: four words or more, not a file name or "image of". */
function isCaptionLike(alt: string): boolean {
  if (alt.split(' ').length < 4) return false;
  return (
    !/\.(?:jpe?g|png|gif|webp|svg|avif)\b/i.test(alt) && !/^(?:image|photo|picture)\b/i.test(alt)
  );
}

function flatTextOf(node: AnyNode): string {
  if (isTextNode(node)) return node.data;
  return isElement(node) ? node.children.map(flatTextOf).join(' ') : '';
}

function propertiesOf(node: DomElement, baseUrl: string | null): Properties {
  const { attribs } = node;
  const properties: Properties = {};
  switch (node.name) {
    case 'a': {
      const href = resolveUrl(attribs.href, baseUrl) ?? mailtoOf(attribs.href);
      if (href) properties.href = href;
      if (attribs.title) properties.title = attribs.title;
      break;
    }
    case 'img': {
      const src = imageSourceOf(attribs, baseUrl);
      if (src) properties.src = src;
      properties.alt = (attribs.alt ?? '').replace(/\s+/g, ' ').trim();
      if (attribs.title) properties.title = attribs.title;
      break;
    }
    case 'td':
    case 'th':
      if (attribs.colspan) properties.colSpan = Number(attribs.colspan) || 1;
      if (attribs.rowspan) properties.rowSpan = Number(attribs.rowspan) || 1;
      break;
    case 'ol':
      if (attribs.start) properties.start = Number(attribs.start) || 1;
      break;
    case 'code':
      if (attribs.class) properties.className = attribs.class.split(/\s+/).filter(Boolean);
      break;
    default:
  }
  return properties;
}

function mailtoOf(href: string | undefined): string | null {
  return href && /^mailto:[^\s]+$/i.test(href.trim()) ? href.trim() : null;
}

const LANGUAGE_CLASS = /(?:^|\s)(?:language|lang|highlight-source|brush:?)-?\s*([a-z0-9+#_.-]+)/i;

/**
 * hast-util-to-mdast reads a code block's language from a `language-*` class on the `<code>`
 * inside `<pre>`; sites also put it on `<pre>` or write `lang-*` / `brush: *`, so it is moved
 * where the converter looks.
 */
function markCodeLanguage(node: DomElement, element: HastElement): void {
  const code = element.children.find(
    (child): child is HastElement => child.type === 'element' && child.tagName === 'code',
  );
  const codeClass = Array.isArray(code?.properties.className)
    ? code.properties.className.join(' ')
    : '';
  const language =
    LANGUAGE_CLASS.exec(codeClass)?.[1] ??
    LANGUAGE_CLASS.exec(node.attribs.class ?? '')?.[1] ??
    node.attribs['data-lang'] ??
    node.attribs['data-language'];
  if (!language) return;
  const className = [`language-${language.toLowerCase()}`];
  if (code) {
    code.properties.className = className;
  } else {
    element.children = [
      { type: 'element', tagName: 'code', properties: { className }, children: element.children },
    ];
  }
}
