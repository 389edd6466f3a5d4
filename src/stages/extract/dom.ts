/**
 * DOM helpers shared by the extract stage: parsing and cheap text measurements on domhandler nodes.
 *
 * Pages are parsed with htmlparser2 (through cheerio) rather than parse5: it is about five times
 * faster on real pages (5 ms against 26 ms a page on the eval set) and tolerant of malformed
 * markup, which is what the extractor needs; it does not build the spec's implied structure, which
 * the extractor does not rely on.
 */
import { load, type CheerioAPI, type CheerioOptions } from 'cheerio';
import type { AnyNode, Element, ParentNode, Text } from 'domhandler';
import type { Deadline } from './deadline.js';

/** cheerio options of every parse: htmlparser2, HTML mode, entities decoded. */
export const PARSE_OPTIONS: CheerioOptions = { xml: { xmlMode: false, decodeEntities: true } };

/**
 * Parses an HTML string into a cheerio document, without bounds (tests and trusted snippets;
 * pages go through `parseWithinBounds` in `parse-bounded.ts`).
 */
export function parseHtml(html: string): CheerioAPI {
  return load(html, PARSE_OPTIONS);
}

/** Whether a node is an element (tags, and `script`/`style`, which domhandler types apart). */
export function isElement(node: AnyNode): node is Element {
  // domhandler's `ElementType` enum values are these strings; comparing as strings keeps the
  // runtime free of a direct dependency on domhandler (it comes with cheerio).
  const type: string = node.type;
  return type === 'tag' || type === 'script' || type === 'style';
}

/** Whether a node is a text node. */
export function isTextNode(node: AnyNode): node is Text {
  const type: string = node.type;
  return type === 'text';
}

/** Elements that start a new block of text; everything else flows inline. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'br',
  'center',
  'caption',
]);

/** Collapsed text of a node: whitespace runs become one space, blocks never fuse words. */
export function textOf(node: AnyNode): string {
  const parts: string[] = [];
  collectText(node, parts);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function collectText(node: AnyNode, parts: string[]): void {
  if (isTextNode(node)) {
    parts.push(node.data);
    return;
  }
  if (!isElement(node)) return;
  const block = BLOCK_TAGS.has(node.name);
  if (block) parts.push(' ');
  for (const child of node.children) collectText(child, parts);
  if (block) parts.push(' ');
}

/** Children that are elements. */
export function childElementsOf(node: ParentNode): Element[] {
  return node.children.filter(isElement);
}

/** Class and id of an element joined, lower-cased (`''` when it has neither). */
export function classIdOf(element: Element): string {
  const { class: className, id } = element.attribs;
  if (!className && !id) return '';
  return `${className ?? ''} ${id ?? ''}`.toLowerCase();
}

/** Removes a node from its parent (no-op when detached). */
export function removeNode(node: AnyNode): void {
  const parent = node.parent;
  if (!parent) return;
  const index = parent.children.indexOf(node);
  if (index >= 0) parent.children.splice(index, 1);
  const { prev, next } = node;
  if (prev) prev.next = next;
  if (next) next.prev = prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/** Every element under `root` in document order (root excluded). */
export function descendantsOf(root: ParentNode): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Deepest element nesting kept (default of {@link capDepth}); Chromium's parser stops at 512. */
export const MAX_DEPTH = 400;

/**
 * Flattens elements nested deeper than `maxDepth` into their text, as browsers do with runaway
 * nesting (Chromium's parser caps the tree at 512 levels). Malformed pages with thousands of
 * unclosed tags would otherwise make every tree walk quadratic or overflow the stack.
 *
 * @param root Parsed document.
 * @param maxDepth Deepest element level kept (default {@link MAX_DEPTH}).
 * @param deadline The page's time bound, checked as elements are visited (optional).
 * @returns Elements in the tree before flattening, and how many were flattened away.
 */
export function capDepth(
  root: ParentNode,
  maxDepth = MAX_DEPTH,
  deadline?: Deadline,
): { elements: number; flattened: number } {
  let kept = 0;
  let flattened = 0;
  const stack: { node: ParentNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    for (const child of node.children) {
      if (!isElement(child)) continue;
      deadline?.tick('flattening deep nesting');
      kept++;
      if (depth + 1 < maxDepth) {
        stack.push({ node: child, depth: depth + 1 });
        continue;
      }
      const texts: string[] = [];
      const firstText = firstTextOf(child);
      flattened += flattenInto(child, texts, deadline);
      // The first text node is reused to hold all the text (no node constructor needed).
      if (firstText) {
        firstText.data = texts.join('');
        firstText.parent = child;
        firstText.prev = null;
        firstText.next = null;
      }
      child.children = firstText ? [firstText] : [];
    }
  }
  return { elements: kept + flattened, flattened };
}

function firstTextOf(element: Element): Text | null {
  const stack: AnyNode[] = [...element.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isTextNode(node)) return node;
    if (isElement(node))
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return null;
}

/** Collects the text under `element` (iteratively), blocks separated by newlines. */
function flattenInto(element: Element, texts: string[], deadline?: Deadline): number {
  let count = 0;
  const stack: AnyNode[] = [...element.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    deadline?.tick('flattening deep nesting');
    if (isTextNode(node)) {
      texts.push(node.data);
    } else if (isElement(node)) {
      count++;
      if (BLOCK_TAGS.has(node.name)) texts.push('\n');
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  return count;
}
