/**
 * Hidden content: removed before anything is scored, and returned for the record.
 *
 * Text a reader never sees is a classic carrier for instructions aimed at a model ("ignore previous
 * instructions..."), so it must not reach the article; keeping it in `hidden` lets the run report
 * and the critique show what was there.
 */
import type { Element } from 'domhandler';
import type { Deadline } from './deadline.js';
import { descendantsOf, removeNode, textOf } from './dom.js';
import type { ParentNode } from 'domhandler';

// Inline styles that hide an element. Stylesheets are not evaluated: class-based hiding needs a CSS
// engine, and hidden-by-class text is mostly menus the boilerplate rules remove anyway.
const HIDING_STYLE =
  /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)|font-size\s*:\s*0(?:px|em|rem|%)?\s*(?:;|$))/i;

// Utility classes of the common CSS frameworks (Bootstrap, Tailwind, WordPress) that hide an element
// on every screen. `d-none d-md-block` shows it from medium screens up, so a responsive "show" class
// next to the hiding one means visible.
const HIDING_CLASS =
  /(?:^|\s)(?:d-none|hidden|hide|invisible|sr-only|visually-hidden|screen-reader-text|screen-reader-only)(?=\s|$)/i;
const RESPONSIVE_SHOW_CLASS =
  /(?:^|\s)(?:d-(?:sm|md|lg|xl|xxl)-(?!none)[a-z-]+|(?:sm|md|lg|xl|2xl):(?!hidden)[a-z-]+|visible-[a-z-]+)(?=\s|$)/i;

/**
 * Whether an element is hidden from readers by markup: the `hidden` attribute, `aria-hidden`, an
 * inline style, or a framework class that hides it on every screen size.
 */
export function isHidden(element: Element): boolean {
  const { attribs } = element;
  if (attribs.hidden !== undefined) return true;
  if (attribs['aria-hidden'] === 'true') return true;
  if (element.name === 'input' && attribs.type === 'hidden') return true;
  const style = attribs.style;
  if (style !== undefined && HIDING_STYLE.test(style)) return true;
  const className = attribs.class;
  return (
    className !== undefined &&
    HIDING_CLASS.test(className) &&
    !RESPONSIVE_SHOW_CLASS.test(className)
  );
}

/** Most hidden texts recorded per page; the rest are removed without being recorded. */
export const MAX_HIDDEN_TEXTS = 200;
/** Longest hidden text recorded, in characters; longer ones are cut and end with "…". */
export const MAX_HIDDEN_TEXT_LENGTH = 2_000;

/**
 * Removes hidden elements from the tree.
 *
 * @param root Subtree to clean (usually the document).
 * @returns The text of each removed element that had any (elements in document order), at most
 *   {@link MAX_HIDDEN_TEXTS} texts of at most {@link MAX_HIDDEN_TEXT_LENGTH} characters.
 * @param deadline The page's time bound, checked as elements are visited (optional).
 */
export function removeHidden(root: ParentNode, deadline?: Deadline): string[] {
  const found: string[] = [];
  for (const element of descendantsOf(root)) {
    deadline?.tick('removing hidden text');
    // An element inside an already removed subtree has no parent chain to the root any more; its
    // text was recorded with its ancestor's.
    if (!isHidden(element) || !isAttached(element, root)) continue;
    if (found.length < MAX_HIDDEN_TEXTS) {
      const text = textOf(element);
      if (text.length > MAX_HIDDEN_TEXT_LENGTH)
        found.push(`${text.slice(0, MAX_HIDDEN_TEXT_LENGTH - 1)}…`);
      else if (text) found.push(text);
    }
    removeNode(element);
  }
  return found;
}

function isAttached(element: Element, root: ParentNode): boolean {
  let node: ParentNode | null = element.parent;
  while (node) {
    if (node === root) return true;
    node = node.parent;
  }
  return false;
}
