/**
 * The tests pruning applies to single elements inside the article: headline repeats, datelines,
 * loose link runs, link lists, wrappers.
 */
import type { Element } from 'domhandler';
import { classWeightOf } from './boilerplate.js';
import { isElement, isTextNode } from './dom.js';
import { linkDensityOf, type TextStats } from './text-stats.js';

// Headlines come as headings, but also as styled paragraphs or spans (`<p class="title">`).
export const HEADING_TAGS = new Set([
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
export function keyOf(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whether a heading's text is the title (or most of it). `titleKey` comes from {@link keyOf}. */
export function isHeadline(heading: string, titleKey: string): boolean {
  const key = keyOf(heading);
  if (key.length < 10) return false;
  return (
    key === titleKey ||
    (titleKey.includes(key) && key.length >= titleKey.length * 0.6) ||
    (key.includes(titleKey) && titleKey.length >= key.length * 0.6)
  );
}

/** A `<time>` that is the dateline, not part of a sentence: its parent holds little else. */
export function isStandaloneTime(element: Element, stats: Map<Element, TextStats>): boolean {
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
export const INLINE_PHRASE_TAGS = new Set([
  'span',
  'a',
  'strong',
  'em',
  'b',
  'i',
  'u',
  'font',
  'small',
]);

/** Whether an element's text is (nearly) all of its parent's text. */
export function isAloneInParent(
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

/**
 * An inline element that stands as a line of its own in a container (not inside a paragraph,
 * no words of a sentence beside it).
 */
export function isLooseLine(element: Element): boolean {
  const parent = element.parent;
  return (
    parent !== null &&
    isElement(parent) &&
    LOOSE_PARENTS.has(parent.name) &&
    !hasWordsBeside(element, 'prev') &&
    !hasWordsBeside(element, 'next')
  );
}

/** An inline run of links sitting loose in a container: "Tags: a, b, c", "Filed under: x, y". */
export function isLooseLinkRun(element: Element, stat: TextStats): boolean {
  const parent = element.parent;
  if (!parent || !isElement(parent) || !LOOSE_PARENTS.has(parent.name)) return false;
  return element.name !== 'a' && stat.textLength >= 20 && linkDensityOf(stat) > 0.6;
}

/** A wrapper around a single element with the same text. */
export function isWrapper(element: Element, stats: Map<Element, TextStats>): boolean {
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

/** Whether an element holds more than half of the root's text. */
export function holdsMostOf(
  element: Element,
  stats: Map<Element, TextStats>,
  rootLength: number,
): boolean {
  return (stats.get(element)?.textLength ?? 0) > rootLength * 0.5;
}

/** A block that is mostly links: navigation, tags, "related" lists. */
export function isLinkList(element: Element, stat: TextStats): boolean {
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

/** Inline tags that can carry words of a sentence (an entity link, a highlighted term). */
const SENTENCE_PHRASE_TAGS = new Set(['a', 'span', 'em', 'strong', 'b', 'i', 'u', 'mark']);

/**
 * A phrase inside a running sentence: an inline element with words of the same sentence on both
 * sides (`actress <a id="auto-tag_mary-steenburgen">Mary Steenburgen</a> came`). Its class or id
 * (`auto-tag_*`, `textTag`) names how the site made it, not page furniture: removing it would
 * cut words out of the sentence.
 */
export function isPhraseInSentence(element: Element): boolean {
  if (!SENTENCE_PHRASE_TAGS.has(element.name)) return false;
  return hasWordsBeside(element, 'prev') && hasWordsBeside(element, 'next');
}

function hasWordsBeside(element: Element, side: 'prev' | 'next'): boolean {
  for (let node = element[side]; node; node = node[side]) {
    if (isTextNode(node)) {
      if (!node.data.trim()) continue;
      return /[\p{L}\p{N}]/u.test(node.data);
    }
    return false;
  }
  return false;
}

/**
 * Characters of text after an element up to the end of the root (from the statistics taken
 * before pruning; elements already removed no longer count).
 */
export function textLengthAfter(
  element: Element,
  root: Element,
  stats: Map<Element, TextStats>,
): number {
  let length = 0;
  for (let node: Element | null = element; node && node !== root;) {
    for (let next = node.next; next; next = next.next) {
      if (isTextNode(next)) length += next.data.trim().length;
      else if (isElement(next)) length += stats.get(next)?.textLength ?? 0;
    }
    node = node.parent && isElement(node.parent) ? node.parent : null;
  }
  return length;
}
