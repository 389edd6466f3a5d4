/**
 * Related-link blocks inside an article's container: a label that announces links to other
 * pages ("More Great WIRED Stories", "You may also like...", "DON'T MISS", "More in Milan") and
 * the run of link blocks after it. Link lists alone are pruned by their link density; the label
 * would stay behind as a stray line, and a list whose items mix a teaser with a link ("YouTubers
 * must unionize, no matter what Google says") is not dense enough to go on its own.
 */
import type { Element } from 'domhandler';
import { isElement, isTextNode } from './dom.js';
import { HEADING_TAGS, textLengthAfter } from './prune-checks.js';
import { linkDensityOf, type TextStats } from './text-stats.js';

/** Longest label, in characters. */
const MAX_LABEL_LENGTH = 80;

/** Blocks that can hold a label: those a headline can come as, but a link (a label is no link). */
export const LABEL_TAGS: ReadonlySet<string> = new Set(
  [...HEADING_TAGS].filter((tag) => tag !== 'a'),
);

/** What a related-links label says, in English (the label is the whole text of its block). */
const RELATED_LABEL = new RegExp(
  '^(?:' +
    [
      '(?:more|other|latest|top|popular|trending|recommended|related|suggested|further|recent)(?: \\S+){0,3} (?:stories|articles|posts|news|reads|reading|videos|links|coverage)',
      '(?:more|popular|trending|latest) (?:from|in|on|at) .{1,40}',
      'you (?:may|might|could|will) (?:also )?(?:like|love|enjoy|be interested in)(?: this| these)?',
      '(?:read|see|watch) (?:also|next|more)',
      'also (?:read|see)',
      "don['’]?t miss(?: this| these)?",
      'in case you missed it',
      '(?:top|partner|sponsored|promoted) (?:stories|news|links|content)',
      'sponsored links?',
      'recommended(?: for you)?',
      'what to read next',
      'like this',
    ].join('|') +
    ')[\\s.:…!»›>-]*$',
  'iu',
);

/**
 * Whether a block's text is a related-links label.
 *
 * @param text The block's text.
 */
export function isRelatedLinksLabel(text: string): boolean {
  const label = text.replace(/\s+/g, ' ').trim();
  return label.length > 0 && label.length <= MAX_LABEL_LENGTH && RELATED_LABEL.test(label);
}

/** Least link density of a block in the run after a label. */
const MIN_LINK_DENSITY = 0.3;

/**
 * The related-link block a label opens: the label and the link blocks after it (siblings with
 * at least 30% link text, up to the first block that is not one or the next heading), when at
 * least one follows; the label alone when nothing follows it up to the end of the article's
 * root. Null when prose follows the label (then it titles a section of the article).
 *
 * @param label The element whose text is a related-links label.
 * @param root The article's content root.
 * @param stats Text statistics of the root's elements.
 */
export function relatedLinkBlockOf(
  label: Element,
  root: Element,
  stats: Map<Element, TextStats>,
): Element[] | null {
  const block = [label];
  for (let node = label.next; node; node = node.next) {
    if (isTextNode(node)) {
      if (node.data.trim()) return block.length > 1 ? block : null;
      continue;
    }
    if (!isElement(node)) continue;
    const stat = stats.get(node);
    if (!stat || stat.textLength === 0) continue;
    if (/^h[1-6]$/.test(node.name) || linkDensityOf(stat) < MIN_LINK_DENSITY) {
      return block.length > 1 ? block : null;
    }
    block.push(node);
  }
  if (block.length > 1) return block;
  return textLengthAfter(label, root, stats) === 0 ? block : null;
}
