/**
 * Pruning inside the chosen content roots: furniture that sits within the article's container
 * (share bars, related-link lists, captions of credits, "Advertisement" labels, the headline and
 * header block that the metadata already carries).
 */
import type { Element } from 'domhandler';
import { furnitureByClassOf, isFurnitureText } from './boilerplate.js';
import type { Deadline } from './deadline.js';
import { descendantsOf, isElement, isTextNode, removeNode, textOf } from './dom.js';
import {
  HEADING_TAGS,
  holdsMostOf,
  INLINE_PHRASE_TAGS,
  isAloneInParent,
  isHeadline,
  isLinkList,
  isLooseLine,
  isLooseLinkRun,
  isPhraseInSentence,
  textLengthAfter,
  isStandaloneTime,
  isWrapper,
  keyOf,
} from './prune-checks.js';
import { isMetadataLine } from './metadata-line.js';
import { isAboutHeading, isCompanyBoilerplate } from './press-release.js';
import { isRelatedLinksLabel, LABEL_TAGS, relatedLinkBlockOf } from './related-links.js';
import { measureText, type TextStats } from './text-stats.js';

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
 * @param deadline The page's time bound, checked inside the walks (optional).
 */
export function pruneContent(
  roots: readonly Element[],
  title: string | null = null,
  deadline?: Deadline,
): void {
  const titleKey = title ? keyOf(title) : null;
  for (const root of roots) {
    const stats = measureText(root, deadline);
    const rootLength = stats.get(root)?.textLength ?? 0;
    for (const element of furnitureByClassOf(root)) {
      // A container marked as furniture that still holds most of the article is a layout
      // wrapper with an unlucky class name ("has-sidebar"), not furniture.
      const length = stats.get(element)?.textLength ?? 0;
      if (length > rootLength * 0.5 && length >= 500) continue;
      if (isPhraseInSentence(element)) continue;
      removeNode(element);
    }
    for (const element of descendantsOf(root)) {
      deadline?.tick('pruning');
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
      if (LABEL_TAGS.has(element.name) && stat.textLength <= 80) {
        const related = isRelatedLinksLabel(textOf(element))
          ? relatedLinkBlockOf(element, root, stats)
          : null;
        if (related) {
          related.forEach(removeNode);
          continue;
        }
      }
      if (
        BOILERPLATE_TAGS.has(element.name) &&
        !wrapper &&
        stat.textLength >= 100 &&
        isCompanyBoilerplate(textOf(element), title) &&
        textLengthAfter(element, root, stats) <= MAX_TEXT_AFTER_BOILERPLATE
      ) {
        removeAboutHeadingBefore(element, stats);
        removeNode(element);
        continue;
      }
      if (
        (LINK_LIST_TAGS.has(element.name) && isLinkList(element, stat)) ||
        (INLINE_PHRASE_TAGS.has(element.name) && isLooseLinkRun(element, stat))
      ) {
        removeNode(element);
        continue;
      }
      if (wrapper || !PHRASE_TAGS.has(element.name) || stat.textLength > 600) continue;
      const isInline = INLINE_PHRASE_TAGS.has(element.name);
      if (
        (!isInline || isAloneInParent(element, stat, stats)) &&
        isFurnitureText(textOf(element))
      ) {
        removeNode(element);
        continue;
      }
      // A metadata line is often an inline element set loose between blocks (`</p><small>date -
      // Published by ...</small><br>`), never a phrase of a sentence.
      if (
        stat.textLength <= 160 &&
        (!isInline || isAloneInParent(element, stat, stats) || isLooseLine(element)) &&
        isMetadataLine(textOf(element))
      ) {
        removeNode(element);
      }
    }
  }
}

/** Blocks that can hold a press release's company boilerplate. */
const BOILERPLATE_TAGS = new Set(['p', 'div', 'section']);
/** Most text after the boilerplate (a media contact, a footnote) for it still to close the release. */
const MAX_TEXT_AFTER_BOILERPLATE = 400;

/** Removes an "About <Company>" heading right before the boilerplate paragraph. */
function removeAboutHeadingBefore(element: Element, stats: Map<Element, TextStats>): void {
  for (let node = element.prev; node; node = node.prev) {
    if (isTextNode(node)) {
      if (node.data.trim()) return;
      continue;
    }
    if (!isElement(node)) continue;
    if ((stats.get(node)?.textLength ?? 0) === 0) continue;
    if (isAboutHeading(textOf(node))) removeNode(node);
    return;
  }
}
