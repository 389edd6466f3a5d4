/**
 * Text statistics of every element, computed in one bottom-up pass: text length, text inside
 * links, commas, and the length of the element's own inline text (text not inside a nested block).
 */
import type { AnyNode, Element, ParentNode } from 'domhandler';
import type { Deadline } from './deadline.js';
import { BLOCK_TAGS, isElement, isTextNode } from './dom.js';

/** Measurements of one element's subtree (lengths in characters of whitespace-collapsed text). */
export interface TextStats {
  /** Length of all text. */
  textLength: number;
  /** Length of the text inside `<a>` elements. */
  linkLength: number;
  /** Commas (Latin and CJK), a sign of running prose. */
  commas: number;
  /** Length of text directly in this element or in inline children, not in nested blocks. */
  inlineLength: number;
  /** Whether any descendant is a block element. */
  hasBlock: boolean;
}

const COMMAS = /[,،、，﹐﹑]/g;

/** Share of an element's text that sits in links, 0 to 1 (0 for an element without text). */
export function linkDensityOf(stats: TextStats): number {
  return stats.textLength === 0 ? 0 : Math.min(1, stats.linkLength / stats.textLength);
}

/**
 * Measures every element under `root` (root included when it is an element).
 *
 * @param root Subtree to measure.
 * @param deadline The page's time bound, checked as elements are measured (optional).
 */
export function measureText(root: ParentNode, deadline?: Deadline): Map<Element, TextStats> {
  const stats = new Map<Element, TextStats>();
  measure(root, false, stats, deadline);
  return stats;
}

function measure(
  node: AnyNode,
  inLink: boolean,
  stats: Map<Element, TextStats>,
  deadline: Deadline | undefined,
): TextStats {
  deadline?.tick('measuring text');
  const own: TextStats = {
    textLength: 0,
    linkLength: 0,
    commas: 0,
    inlineLength: 0,
    hasBlock: false,
  };
  const link = inLink || (isElement(node) && node.name === 'a');
  const children = 'children' in node ? node.children : [];
  for (const child of children) {
    if (isTextNode(child)) {
      const length = collapsedLengthOf(child.data);
      own.textLength += length;
      own.inlineLength += length;
      if (link) own.linkLength += length;
      own.commas += child.data.match(COMMAS)?.length ?? 0;
      continue;
    }
    if (!isElement(child)) continue;
    const sub = measure(child, link, stats, deadline);
    own.textLength += sub.textLength;
    own.linkLength += sub.linkLength;
    own.commas += sub.commas;
    if (BLOCK_TAGS.has(child.name)) {
      own.hasBlock = true;
    } else {
      own.inlineLength += sub.inlineLength;
      own.hasBlock ||= sub.hasBlock;
    }
  }
  if (isElement(node)) stats.set(node, own);
  return own;
}

function collapsedLengthOf(text: string): number {
  let length = 0;
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isSpace =
      code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 160;
    if (isSpace) {
      if (!space) length++;
      space = true;
    } else {
      length++;
      space = false;
    }
  }
  return length;
}
