/**
 * What counts as a paragraph when scoring a page, and what counts as furniture around it.
 */
import type { Element } from 'domhandler';
import { classWeightOf } from './boilerplate.js';
import { BLOCK_TAGS, isElement, isTextNode, textOf } from './dom.js';
import type { TextStats } from './text-stats.js';

/** Tags that are paragraphs whatever they contain. */
export const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'blockquote', 'dd']);
/** Tags that act as paragraphs when they hold inline text directly (`<div>` with `<br>`s). */
export const DIV_LIKE = new Set([
  'div',
  'section',
  'article',
  'main',
  'span',
  'font',
  'center',
  'li',
]);
/** Shortest text that counts as a paragraph (characters). */
export const MIN_PARAGRAPH_LENGTH = 25;

/** Score factor of a candidate inside (or being) a block whose class/id marks it as furniture. */
export const FURNITURE_PENALTY = 0.3;

/**
 * Whether an element is, or sits inside, a block whose class/id marks it as furniture.
 *
 * @param element Element to check.
 * @param memo Answers so far (shared across calls on one page).
 */
export function isInsideFurniture(element: Element, memo: Map<Element, boolean>): boolean {
  const known = memo.get(element);
  if (known !== undefined) return known;
  const parent = element.parent;
  const result =
    classWeightOf(element) < 0 ||
    (parent !== null && isElement(parent) && isInsideFurniture(parent, memo));
  memo.set(element, result);
  return result;
}

/**
 * Length an element counts for as a paragraph (0 when it is not one): a paragraph tag's text with
 * links at half weight, or a `<div>`-like element's own inline text.
 *
 * @param element Element to measure.
 * @param stat Its text statistics.
 */
export function paragraphLengthOf(element: Element, stat: TextStats): number {
  if (PARAGRAPH_TAGS.has(element.name)) return stat.textLength - stat.linkLength * 0.5;
  if (DIV_LIKE.has(element.name) && stat.inlineLength >= MIN_PARAGRAPH_LENGTH) {
    // Only the text that is not in nested blocks: those vote for themselves.
    return stat.inlineLength;
  }
  return 0;
}

/**
 * Text of an element without its nested blocks' text (which is matched on its own).
 *
 * @param element Element to read.
 */
export function ownTextOf(element: Element): string {
  if (PARAGRAPH_TAGS.has(element.name)) return textOf(element);
  const parts: string[] = [];
  for (const child of element.children) {
    if (isTextNode(child)) parts.push(child.data);
    else if (isElement(child) && !BLOCK_TAGS.has(child.name)) parts.push(textOf(child));
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
