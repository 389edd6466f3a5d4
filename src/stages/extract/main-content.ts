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
import { ancestorsOf, hintedParagraphsOf, isHintComplete } from './article-body-hint.js';
import { classWeightOf } from './boilerplate.js';
import type { Deadline } from './deadline.js';
import { childElementsOf, isElement } from './dom.js';
import {
  FURNITURE_PENALTY,
  isInsideFurniture,
  MIN_PARAGRAPH_LENGTH,
  PARAGRAPH_TAGS,
  paragraphLengthOf,
} from './paragraphs.js';
import { linkDensityOf, measureText, type TextStats } from './text-stats.js';
import { proseLengthsOf, widenedTopOf, widenedToSectionsOf, withSiblingsOf } from './widen.js';

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
 * @param deadline The page's time bound, checked inside the walks (optional).
 * @returns null when no element holds any paragraph.
 */
export function findMainContent(
  root: ParentNode,
  hints: ContentHints = {},
  deadline?: Deadline,
): MainContent | null {
  const stats = measureText(root, deadline);
  const scores = new Map<Element, number>();
  const hinted = hintedParagraphsOf(stats, hints.articleBody ?? null);

  for (const [element, stat] of stats) {
    deadline?.tick('content detection');
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
  // A list item is one point of the article, never all of it: the list holds the others.
  if (top.name === 'li' && top.parent && isElement(top.parent) && LISTS.has(top.parent.name)) {
    top = top.parent;
  }
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

const LISTS: ReadonlySet<string> = new Set(['ul', 'ol']);

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
