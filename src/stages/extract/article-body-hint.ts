/**
 * The JSON-LD `articleBody` as evidence: which paragraphs it contains, and whether it is complete
 * enough to exclude prose it does not contain.
 */
import type { Element, ParentNode } from 'domhandler';
import { isElement } from './dom.js';
import { DIV_LIKE, ownTextOf, PARAGRAPH_TAGS } from './paragraphs.js';
import type { TextStats } from './text-stats.js';

/**
 * Whether the JSON-LD body is complete and the candidate already holds it: the body is not cut
 * short ("…") and the candidate's text is at least 80% of its length.
 *
 * @param top Chosen candidate.
 * @param hinted Paragraphs found in the body.
 * @param stats Text statistics of the page.
 * @param articleBody The JSON-LD body.
 */
export function isHintComplete(
  top: Element,
  hinted: Set<Element>,
  stats: Map<Element, TextStats>,
  articleBody: string | null,
): boolean {
  if (!articleBody || hinted.size === 0) return false;
  const body = articleBody.trim();
  if (body.length < 500 || /(?:\.\.\.|…|\[…\])$/.test(body)) return false;
  return (stats.get(top)?.textLength ?? 0) >= body.replace(/\s+/g, ' ').length * 0.8;
}

/**
 * The given elements and all their ancestors.
 *
 * @param elements Elements to start from.
 */
export function ancestorsOf(elements: Set<Element>): Set<Element> {
  const out = new Set<Element>();
  for (const element of elements) {
    for (
      let node: ParentNode | null = element;
      node && isElement(node) && !out.has(node);
      node = node.parent
    ) {
      out.add(node);
    }
  }
  return out;
}

/**
 * Paragraphs whose text opens (a sentence of) the JSON-LD article body.
 *
 * @param stats Text statistics of the page (its keys are the elements searched).
 * @param articleBody The JSON-LD body, or null.
 */
export function hintedParagraphsOf(
  stats: Map<Element, TextStats>,
  articleBody: string | null,
): Set<Element> {
  const hinted = new Set<Element>();
  if (!articleBody) return hinted;
  const body = articleBody.replace(/\s+/g, ' ').trim();
  if (body.length < 200) return hinted;
  // The first ~80 characters are enough to recognise the opening paragraph and too many to match
  // by chance.
  const opening = body.slice(0, 80);
  for (const [element, stat] of stats) {
    if (
      PARAGRAPH_TAGS.has(element.name)
        ? stat.textLength < 40
        : !DIV_LIKE.has(element.name) || stat.inlineLength < 40
    )
      continue;
    const text = ownTextOf(element);
    if (text.length >= 40 && (body.includes(text.slice(0, 80)) || text.includes(opening)))
      hinted.add(element);
  }
  return hinted;
}
