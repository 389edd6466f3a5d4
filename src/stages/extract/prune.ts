/**
 * Pruning inside the chosen content roots: furniture that sits within the article's container
 * (share bars, related-link lists, captions of credits, "Advertisement" labels, the headline and
 * header block that the metadata already carries).
 */
import type { Element } from 'domhandler';
import { classWeightOf, furnitureByClassOf, isFurnitureText } from './boilerplate.js';
import { descendantsOf, isElement, isTextNode, removeNode, textOf } from './dom.js';
import { linkDensityOf, measureText, type TextStats } from './text-stats.js';

/** Tags always dropped inside the article: they hold page or article furniture, not prose. */
const FURNITURE_TAGS = new Set(['aside', 'footer', 'header', 'h1', 'figcaption']);
/** Microdata properties that label metadata (byline, dates) shown inside the article's container. */
const METADATA_ITEMPROPS = new Set([
  'datePublished',
  'dateModified',
  'dateCreated',
  'author',
  'publisher',
  'creator',
]);
/** Containers judged by their link density (lists of links are navigation or "related"). */
const LINK_LIST_TAGS = new Set([
  'div',
  'section',
  'ul',
  'ol',
  'dl',
  'table',
  'p',
  'li',
  'figure',
  'form',
]);
/** Blocks checked against the stock furniture phrases. */
const PHRASE_TAGS = new Set([
  'div',
  'p',
  'span',
  'section',
  'li',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'a',
  'strong',
  'em',
  'b',
  'i',
  'u',
  'font',
  'figcaption',
  'small',
]);

/**
 * Removes furniture from inside the content roots (the roots themselves stay).
 *
 * @param roots Content roots found by main-content detection.
 * @param title The page's title, when known: a heading repeating it is the headline, not content.
 */
export function pruneContent(roots: readonly Element[], title: string | null = null): void {
  const titleKey = title ? keyOf(title) : null;
  for (const root of roots) {
    const stats = measureText(root);
    const rootLength = stats.get(root)?.textLength ?? 0;
    for (const element of furnitureByClassOf(root)) {
      // A container marked as furniture that still holds most of the article is a layout
      // wrapper with an unlucky class name ("has-sidebar"), not furniture.
      const length = stats.get(element)?.textLength ?? 0;
      if (length > rootLength * 0.5 && length >= 500) continue;
      removeNode(element);
    }
    for (const element of descendantsOf(root)) {
      if (!element.parent) continue;
      // A wrapper around a single element with the same text is judged through that element;
      // reading the text of every wrapper level would be quadratic in the nesting depth.
      const wrapper = isWrapper(element, stats);
      if (element.name === 'time' && isStandaloneTime(element, stats)) {
        removeNode(element);
        continue;
      }
      const itemprop = element.attribs.itemprop;
      const isMetadata = itemprop !== undefined && METADATA_ITEMPROPS.has(itemprop);
      if (
        (FURNITURE_TAGS.has(element.name) || isMetadata) &&
        !holdsMostOf(element, stats, rootLength)
      ) {
        removeNode(element);
        continue;
      }
      if (
        titleKey &&
        !wrapper &&
        HEADING_TAGS.has(element.name) &&
        (stats.get(element)?.textLength ?? 0) <= titleKey.length * 2 + 20 &&
        isHeadline(textOf(element), titleKey)
      ) {
        removeNode(element);
        continue;
      }
      const stat = stats.get(element);
      if (!stat) continue;
      if (
        (LINK_LIST_TAGS.has(element.name) && isLinkList(element, stat)) ||
        (INLINE_PHRASE_TAGS.has(element.name) && isLooseLinkRun(element, stat))
      ) {
        removeNode(element);
        continue;
      }
      if (
        !wrapper &&
        PHRASE_TAGS.has(element.name) &&
        stat.textLength <= 600 &&
        (!INLINE_PHRASE_TAGS.has(element.name) || isAloneInParent(element, stat, stats)) &&
        isFurnitureText(textOf(element))
      ) {
        removeNode(element);
      }
    }
  }
}

// Headlines come as headings, but also as styled paragraphs or spans (`<p class="title">`).
const HEADING_TAGS = new Set([
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'div',
  'span',
  'strong',
  'b',
  'a',
]);

/** Letters and digits only, lower-cased: punctuation and spacing differ between title and heading. */
function keyOf(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function isHeadline(heading: string, titleKey: string): boolean {
  const key = keyOf(heading);
  if (key.length < 10) return false;
  return (
    key === titleKey ||
    (titleKey.includes(key) && key.length >= titleKey.length * 0.6) ||
    (key.includes(titleKey) && titleKey.length >= key.length * 0.6)
  );
}

/** A `<time>` that is the dateline, not part of a sentence: its parent holds little else. */
function isStandaloneTime(element: Element, stats: Map<Element, TextStats>): boolean {
  const own = stats.get(element)?.textLength ?? 0;
  const parent = element.parent;
  if (!parent || !isElement(parent)) return true;
  return (stats.get(parent)?.textLength ?? 0) <= own + 30 || !INLINE_PARENTS.has(parent.name);
}

/** Parents in which a `<time>` can be part of running text. */
const INLINE_PARENTS = new Set([
  'p',
  'li',
  'td',
  'dd',
  'blockquote',
  'span',
  'em',
  'strong',
  'b',
  'i',
  'a',
  'q',
  'cite',
  'figcaption',
]);

/** Inline tags: a stock phrase in one is furniture only when it is all its parent says. */
const INLINE_PHRASE_TAGS = new Set(['span', 'a', 'strong', 'em', 'b', 'i', 'u', 'font', 'small']);

function isAloneInParent(
  element: Element,
  stat: TextStats,
  stats: Map<Element, TextStats>,
): boolean {
  const parent = element.parent;
  if (!parent || !isElement(parent)) return true;
  return (stats.get(parent)?.textLength ?? 0) <= stat.textLength + 3;
}

/** Containers in which inline content stands as a block of its own (not inside a paragraph). */
const LOOSE_PARENTS = new Set(['div', 'section', 'article', 'main', 'body', 'td']);

/** An inline run of links sitting loose in a container: "Tags: a, b, c", "Filed under: x, y". */
function isLooseLinkRun(element: Element, stat: TextStats): boolean {
  const parent = element.parent;
  if (!parent || !isElement(parent) || !LOOSE_PARENTS.has(parent.name)) return false;
  return element.name !== 'a' && stat.textLength >= 20 && linkDensityOf(stat) > 0.6;
}

function isWrapper(element: Element, stats: Map<Element, TextStats>): boolean {
  let only: Element | null = null;
  for (const child of element.children) {
    if (isTextNode(child)) {
      if (child.data.trim()) return false;
    } else if (isElement(child)) {
      if (only) return false;
      only = child;
    }
  }
  return only !== null && stats.get(only)?.textLength === stats.get(element)?.textLength;
}

function holdsMostOf(
  element: Element,
  stats: Map<Element, TextStats>,
  rootLength: number,
): boolean {
  return (stats.get(element)?.textLength ?? 0) > rootLength * 0.5;
}

/** A block that is mostly links: navigation, tags, "related" lists. */
function isLinkList(element: Element, stat: TextStats): boolean {
  if (stat.textLength === 0) return false;
  const density = linkDensityOf(stat);
  const weight = classWeightOf(element);
  if (element.name === 'p') return density > 0.9 && stat.textLength < 200;
  if (element.name === 'li') return false;
  if (weight >= 25) return density > 0.6;
  return density > 0.5 && stat.commas < 10
    ? true
    : density > 0.35 && stat.textLength < 400 && stat.commas < 3;
}
