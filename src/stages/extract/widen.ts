/**
 * Widening the best candidate: to an ancestor that holds several near-best candidates, to the
 * container of an article split in repeated sections, and to siblings that read like content.
 */
import type { Element, ParentNode } from 'domhandler';
import { classWeightOf } from './boilerplate.js';
import { childElementsOf, isElement, textOf } from './dom.js';
import { isInsideFurniture, MIN_PARAGRAPH_LENGTH, paragraphLengthOf } from './paragraphs.js';
import { linkDensityOf, type TextStats } from './text-stats.js';

/**
 * Moves up to an ancestor holding at least three of the near-best alternative candidates, then
 * while the parent scores higher (an article split into parts).
 *
 * @param top Best candidate.
 * @param topScore Its final score.
 * @param alternatives The next best candidates with their final scores.
 * @param scores Raw candidate scores.
 */
export function widenedTopOf(
  top: Element,
  topScore: number,
  alternatives: { element: Element; score: number }[],
  scores: Map<Element, number>,
): Element {
  const close = alternatives
    .filter((entry) => entry.score >= topScore * 0.75)
    .map((entry) => entry.element);
  let current = top;
  if (close.length >= 3) {
    let parent = current.parent;
    while (parent && isElement(parent) && parent.name !== 'body') {
      const held = close.filter((element) => contains(parent as Element, element)).length;
      if (held >= 3) {
        current = parent;
        break;
      }
      parent = parent.parent;
    }
  }
  // Walk up while the parent scores higher than where we are: the article was split in parts.
  let lastScore = scores.get(current) ?? 0;
  let parent = current.parent;
  while (parent && isElement(parent) && parent.name !== 'body') {
    const parentScore = scores.get(parent);
    if (parentScore === undefined) {
      parent = parent.parent;
      continue;
    }
    if (parentScore < topScore / 3) break;
    if (parentScore > lastScore) {
      current = parent;
    }
    lastScore = parentScore;
    parent = parent.parent;
  }
  return current;
}

/**
 * Characters of prose (paragraphs of 25+ characters, link density under 0.5, outside furniture)
 * under each element: the measure of how much of the article an element holds.
 *
 * @param stats Text statistics of the page.
 * @param furniture Memo for {@link isInsideFurniture}.
 */
export function proseLengthsOf(
  stats: Map<Element, TextStats>,
  furniture: Map<Element, boolean>,
): Map<Element, number> {
  const prose = new Map<Element, number>();
  for (const [element, stat] of stats) {
    const length = paragraphLengthOf(element, stat);
    if (
      length < MIN_PARAGRAPH_LENGTH ||
      linkDensityOf(stat) >= 0.5 ||
      isInsideFurniture(element, furniture)
    )
      continue;
    for (let node: ParentNode | null = element; node && isElement(node); node = node.parent) {
      prose.set(node, (prose.get(node) ?? 0) + length);
    }
  }
  return prose;
}

/** Ancestor levels searched for repeated sections of the article. */
const SECTION_LEVELS = 8;

/**
 * Widens the candidate to hold an article split into repeated sections (same tag and class, side
 * by side, separated by figures or ads), which sit deeper than the paragraph votes reach. A
 * sibling section counts when it holds 100+ characters of prose at link density under 0.25.
 *
 * @param top Candidate.
 * @param prose Prose lengths from {@link proseLengthsOf}.
 * @param stats Text statistics of the page.
 */
export function widenedToSectionsOf(
  top: Element,
  prose: Map<Element, number>,
  stats: Map<Element, TextStats>,
): Element {
  let ancestor: Element = top;
  for (let level = 0; level < SECTION_LEVELS; level++) {
    const parent = ancestor.parent;
    if (!parent || !isElement(parent) || parent.name === 'body') break;
    const className = ancestor.attribs.class;
    if (className) {
      const repeated = childElementsOf(parent).some((sibling) => {
        if (
          sibling === ancestor ||
          sibling.name !== ancestor.name ||
          sibling.attribs.class !== className
        )
          return false;
        const stat = stats.get(sibling);
        return (prose.get(sibling) ?? 0) >= 100 && stat !== undefined && linkDensityOf(stat) < 0.25;
      });
      if (repeated) return parent;
    }
    ancestor = parent;
  }
  return top;
}

function contains(ancestor: Element, element: Element): boolean {
  let node: ParentNode | null = element;
  while (node) {
    if (node === ancestor) return true;
    node = node.parent;
  }
  return false;
}

/**
 * The top candidate plus siblings that score close to it or read like prose.
 *
 * @param top Chosen candidate.
 * @param scores Final candidate scores.
 * @param stats Text statistics of the page.
 * @param hintedOnly When set, only siblings in this set may join (a complete JSON-LD body).
 */
export function withSiblingsOf(
  top: Element,
  scores: Map<Element, number>,
  stats: Map<Element, TextStats>,
  hintedOnly: Set<Element> | null,
): Element[] {
  const parent = top.parent;
  if (!parent || !isElement(parent)) return [top];
  const topScore = scores.get(top) ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  const topClass = top.attribs.class ?? '';
  const roots: Element[] = [];
  for (const sibling of childElementsOf(parent)) {
    if (sibling === top) {
      roots.push(sibling);
      continue;
    }
    // The structured-data body is all there is of the article: prose it does not contain is not.
    if (hintedOnly && !hintedOnly.has(sibling)) continue;
    let score = scores.get(sibling) ?? 0;
    if (topClass && sibling.attribs.class === topClass) score += topScore * 0.2;
    if (score >= threshold && classWeightOf(sibling) >= 0) {
      roots.push(sibling);
      continue;
    }
    const stat = stats.get(sibling);
    if (!stat) continue;
    const density = linkDensityOf(stat);
    const text = stat.textLength;
    if (sibling.name === 'p') {
      if (
        (text > 80 && density < 0.25) ||
        (text > 0 && text <= 80 && density === 0 && /\.( |$)/.test(textOf(sibling)))
      ) {
        roots.push(sibling);
      }
    } else if (PROSE_BLOCKS.has(sibling.name) && text > 80 && density < 0.25) {
      // An article laid out loose in its container (`<body>` of a documentation page: p, h2, ul,
      // pre side by side) has its lists and code blocks beside the paragraphs.
      roots.push(sibling);
    }
  }
  return withHeadingsOf(roots, parent);
}

/** Blocks beside the chosen one that join it when they read like prose. */
const PROSE_BLOCKS: ReadonlySet<string> = new Set(['ul', 'ol', 'dl', 'blockquote', 'pre']);
const HEADINGS: ReadonlySet<string> = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

/** The roots plus each sibling heading that titles a root right after it, in document order. */
function withHeadingsOf(roots: Element[], parent: Element): Element[] {
  if (roots.length < 2) return roots;
  const joined = new Set(roots);
  const siblings = childElementsOf(parent);
  const out: Element[] = [];
  siblings.forEach((sibling, index) => {
    const next = siblings[index + 1];
    if (joined.has(sibling) || (HEADINGS.has(sibling.name) && next && joined.has(next))) {
      out.push(sibling);
    }
  });
  return out;
}
