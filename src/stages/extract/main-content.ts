/**
 * Main-content detection: which element(s) of a cleaned page hold the article.
 *
 * Readability's candidate scoring, with more evidence: every paragraph-like block votes for its
 * ancestors (full weight to the parent, half to the grandparent, a third of that further up) with a
 * score that grows with its length and commas; each candidate then gets a bonus or malus from its
 * tag, its class/id words and semantic markup (`article`, `main`, `itemprop=articleBody`, the
 * paragraph JSON-LD `articleBody` starts with), and is discounted by its link density. The best
 * candidate is widened to its parent when the parent holds several near-best candidates, and
 * joined by siblings that read like content.
 */
import type { Element, ParentNode } from 'domhandler';
import { classWeightOf } from './boilerplate.js';
import { BLOCK_TAGS, childElementsOf, isElement, isTextNode, textOf } from './dom.js';
import { linkDensityOf, measureText, type TextStats } from './text-stats.js';

/** Tags that are paragraphs whatever they contain. */
const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'blockquote', 'dd']);
/** Tags that act as paragraphs when they hold inline text directly (`<div>` with `<br>`s). */
const DIV_LIKE = new Set(['div', 'section', 'article', 'main', 'span', 'font', 'center', 'li']);
/** Shortest text that counts as a paragraph (characters). */
const MIN_PARAGRAPH_LENGTH = 25;
/** Ancestor levels a paragraph votes for. */
const VOTE_LEVELS = 5;

/** The detected article. */
export interface MainContent {
  /** Elements holding the article, in document order (usually one). */
  roots: Element[];
  /** Text statistics of the page's elements (for the pruning that follows). */
  stats: Map<Element, TextStats>;
}

/** Hints from outside the markup. */
export interface ContentHints {
  /** JSON-LD `articleBody`, when the page has one. */
  articleBody?: string | null;
}

/**
 * Finds the element(s) holding the article.
 *
 * @param root The cleaned document (or body).
 * @param hints Extra evidence (JSON-LD article body).
 * @returns null when no element holds any paragraph.
 */
export function findMainContent(root: ParentNode, hints: ContentHints = {}): MainContent | null {
  const stats = measureText(root);
  const scores = new Map<Element, number>();
  const hinted = hintedParagraphsOf(stats, hints.articleBody ?? null);

  for (const [element, stat] of stats) {
    const length = paragraphLengthOf(element, stat);
    if (length < MIN_PARAGRAPH_LENGTH) continue;
    let vote = 1 + stat.commas + Math.min(Math.floor(length / 100), 3);
    if (hinted.has(element)) vote += 10;
    let ancestor =
      element.name === 'td' || !PARAGRAPH_TAGS.has(element.name) ? element : element.parent;
    for (let level = 0; level < VOTE_LEVELS && ancestor && isElement(ancestor); level++) {
      if (!scores.has(ancestor)) scores.set(ancestor, initialScoreOf(ancestor));
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores.set(ancestor, scores.get(ancestor)! + vote / divider);
      ancestor = ancestor.parent;
    }
  }
  if (scores.size === 0) return null;

  const furniture = new Map<Element, boolean>();
  const ranked = [...scores]
    .map(([element, score]) => {
      const stat = stats.get(element);
      // Inside a block marked as furniture (comments, sidebar, related), prose is not the article.
      const penalty = isInsideFurniture(element, furniture) ? FURNITURE_PENALTY : 1;
      return { element, score: score * penalty * (1 - (stat ? linkDensityOf(stat) : 0)) };
    })
    .sort((a, b) => b.score - a.score);
  const best = ranked[0]!;
  let top = widenedTopOf(best.element, best.score, ranked.slice(1, 6), scores);
  top = widenedToSectionsOf(top, proseLengthsOf(stats, furniture), stats);
  // A wrapper with a single child element says nothing more than its child.
  while (
    top.parent &&
    isElement(top.parent) &&
    top.parent.name !== 'body' &&
    childElementsOf(top.parent).length === 1
  ) {
    top = top.parent;
  }
  const finalScores = new Map(ranked.map((entry) => [entry.element, entry.score]));
  const exclusive = isHintComplete(top, hinted, stats, hints.articleBody ?? null)
    ? ancestorsOf(hinted)
    : null;
  return { roots: withSiblingsOf(top, finalScores, stats, exclusive), stats };
}

/** Score factor of a candidate inside (or being) a block whose class/id marks it as furniture. */
const FURNITURE_PENALTY = 0.3;

function isInsideFurniture(element: Element, memo: Map<Element, boolean>): boolean {
  const known = memo.get(element);
  if (known !== undefined) return known;
  const parent = element.parent;
  const result =
    classWeightOf(element) < 0 ||
    (parent !== null && isElement(parent) && isInsideFurniture(parent, memo));
  memo.set(element, result);
  return result;
}

function paragraphLengthOf(element: Element, stat: TextStats): number {
  if (PARAGRAPH_TAGS.has(element.name)) return stat.textLength - stat.linkLength * 0.5;
  if (DIV_LIKE.has(element.name) && stat.inlineLength >= MIN_PARAGRAPH_LENGTH) {
    // Only the text that is not in nested blocks: those vote for themselves.
    return stat.inlineLength;
  }
  return 0;
}

function initialScoreOf(element: Element): number {
  let score = classWeightOf(element);
  switch (element.name) {
    case 'article':
    case 'main':
      score += 10;
      break;
    case 'div':
    case 'section':
      score += 5;
      break;
    case 'pre':
    case 'td':
    case 'blockquote':
      score += 3;
      break;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      score -= 3;
      break;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      score -= 5;
      break;
    default:
  }
  return score;
}

/** Moves up to an ancestor holding at least three of the near-best alternative candidates. */
function widenedTopOf(
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
 */
function proseLengthsOf(
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
 */
function widenedToSectionsOf(
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

/** The top candidate plus siblings that score close to it or read like prose. */
function withSiblingsOf(
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
    if (sibling.name === 'p') {
      const stat = stats.get(sibling);
      if (!stat) continue;
      const density = linkDensityOf(stat);
      const text = stat.textLength;
      if (
        (text > 80 && density < 0.25) ||
        (text > 0 && text <= 80 && density === 0 && /\.( |$)/.test(textOf(sibling)))
      ) {
        roots.push(sibling);
      }
    }
  }
  return roots;
}

/**
 * Whether the JSON-LD body is complete and the candidate already holds it: the body is not cut
 * short ("…") and the candidate's text is at least 80% of its length.
 */
function isHintComplete(
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

/** The given elements and all their ancestors. */
function ancestorsOf(elements: Set<Element>): Set<Element> {
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

/** Paragraphs whose text opens (a sentence of) the JSON-LD article body. */
function hintedParagraphsOf(
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

/** Text of an element without its nested blocks' text (which is matched on its own). */
function ownTextOf(element: Element): string {
  if (PARAGRAPH_TAGS.has(element.name)) return textOf(element);
  const parts: string[] = [];
  for (const child of element.children) {
    if (isTextNode(child)) parts.push(child.data);
    else if (isElement(child) && !BLOCK_TAGS.has(child.name)) parts.push(textOf(child));
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
