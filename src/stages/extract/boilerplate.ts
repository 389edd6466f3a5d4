/**
 * Boilerplate: what is never article text (scripts, forms, navigation) and the evidence that a
 * block is page furniture rather than prose (class/id names, link density, stock phrases).
 *
 * The rules are general, in the spirit of Readability's and trafilatura's: they look at markup
 * roles and at how a block reads, never at a particular site's class names.
 */
import type { Element, ParentNode } from 'domhandler';
import type { Deadline } from './deadline.js';
import { descendantsOf, isElement, removeNode } from './dom.js';

/** Elements that never hold article prose. */
const NEVER_CONTENT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'link',
  'meta',
  'svg',
  'canvas',
  'iframe',
  'object',
  'embed',
  'button',
  'input',
  'select',
  'option',
  'textarea',
  'label',
  'nav',
  'dialog',
  'map',
  'area',
  'head',
  'title',
  'base',
  'audio',
  'video',
  'source',
  'track',
  'math',
]);

/** ARIA roles of page furniture (WAI-ARIA landmark and widget roles). */
const FURNITURE_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'search',
  'dialog',
  'alertdialog',
  'menu',
  'menubar',
  'toolbar',
  'tablist',
  'alert',
  'status',
  'marquee',
  'tooltip',
]);

/**
 * Class/id words that mark furniture. Matched on word boundaries of the class/id string, so
 * `comment` matches `comment-list` and `js-comments` but `ad` only matches a whole `ad` word.
 */
export const NEGATIVE_CLASS =
  /(?:^|[\s_-])(?:comments?|commentlist|disqus|respond|share|sharing|social|sociallinks|related|recommend(?:ed|ations)?|newsletter|subscri(?:be|ption)|signup|sign-up|cookies?|consent|gdpr|banner|sidebar|side-bar|widget|promo|promotion|sponsor(?:ed)?|advert(?:isement|ising)?|ads?|adslot|ad-slot|dfp|outbrain|taboola|popup|modal|overlay|breadcrumbs?|pagination|pager|skip|masthead|menu|navbar|nav|footer|foot|header|topbar|toolbar|tags?|tag-list|byline|author|authors|author-bio|bio|about-author|dateline|date|timestamp|published|posted-on|meta|entry-meta|post-meta|article-meta|more-stories|read-more|readmore|also|trending|popular|most-read|mostread|paywall|meter|hidden|print-only|screen-reader|sr-only|visually-hidden|caption|credit|wp-caption-text|nocontent|jump|login|register|rating|toc|table-of-contents)(?=$|[\s_-])/;

/** Class/id words that mark article content (they win over {@link NEGATIVE_CLASS}). */
export const POSITIVE_CLASS =
  /(?:^|[\s_-])(?:article(?:body)?|article-body|articlebody|body|content|entry|entry-content|main|post|post-body|postbody|story|story-body|storybody|text|blog|prose|page-content|rich-text|richtext)(?=$|[\s_-])/;

/**
 * Class weight of an element, as Readability scores it: -25 for furniture words, +25 for content
 * words, 0 for neither or both (structured-data `articleBody` is a strong +50).
 *
 * Each class name (and the id) is judged on its own: a name with a furniture word is furniture
 * even if it also has a content word (`post-author`, `comment_content`: the content of a comment
 * is still a comment), while a content name next to a furniture name (`entry-content has-sidebar`)
 * cancels out.
 */
export function classWeightOf(element: Element): number {
  if (element.attribs.itemprop === 'articleBody') return 50;
  const cached = weights.get(element);
  if (cached !== undefined) return cached;
  const weight = weightOfNames(element.attribs.class, element.attribs.id);
  weights.set(element, weight);
  return weight;
}

const weights = new WeakMap<Element, number>();

function weightOfNames(className: string | undefined, id: string | undefined): number {
  if (!className && !id) return 0;
  let negative = false;
  let positive = false;
  for (const raw of `${className ?? ''} ${id ?? ''}`.split(/\s+/)) {
    if (!raw) continue;
    // camelCase names ("newsCaption") carry their words in the capitals.
    const name = raw.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
    if (NEGATIVE_CLASS.test(name)) negative = true;
    else if (POSITIVE_CLASS.test(name)) positive = true;
  }
  if (negative && !positive) return -25;
  if (positive && !negative) return 25;
  return 0;
}

/**
 * Removes what is never article text, everywhere in the document: scripts, styles, form controls,
 * embeds, `<nav>`, comments in the markup, and elements whose ARIA role is page furniture.
 *
 * @param root Subtree to clean (usually the document).
 * @param deadline The page's time bound, checked as elements are visited (optional).
 */
export function removeNeverContent(root: ParentNode, deadline?: Deadline): void {
  const stack: ParentNode[] = [root];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    deadline?.tick('cleaning');
    for (let i = parent.children.length - 1; i >= 0; i--) {
      const child = parent.children[i]!;
      const type: string = child.type;
      if (type === 'comment' || type === 'directive' || type === 'cdata') {
        removeNode(child);
        continue;
      }
      if (!isElement(child)) continue;
      const role = child.attribs.role;
      if (NEVER_CONTENT.has(child.name) || (role !== undefined && FURNITURE_ROLES.has(role))) {
        removeNode(child);
        continue;
      }
      stack.push(child);
    }
  }
}

/** Stock phrases of furniture blocks, matched against the whole (short) text of a block. */
const FURNITURE_TEXT =
  /^(?:advertisement|ad|advert[ei]ncia|publicidad[e]?|pubblicit[àa]|anzeige|werbung|iklan|реклама|広告|sponsored(?: content)?|caption|close|text size|\(?view all\)?|\[? ?read all comments ?\]?|(?:top rated|all|latest|newest|oldest) comments|share(?: this(?: article| story| post)?)?(?: on \w+)?|share (?:on|via) .{0,40}|follow us.{0,60}|read (?:more|next|also)(?::.*)?|related(?: (?:articles?|stories|posts|content|coverage|reading))?:?.{0,80}|\[related: .{0,120}\]|also: .{0,100}|more:|see also:?.{0,80}|more from .{0,60}|(?:sign up|subscribe)(?: (?:for|to) .{0,80})?|(?:click|tap) here.{0,80}|comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|skip to .{0,40}|back to top|continue reading.{0,40}|advert|sharing is caring!?|(?:like|enjoy(?:ed)?) this (?:story|article|post)\?.{0,80}|don'?t miss:?.{0,80}|see more:.{0,160}|tell us what you think.{0,40}|this (?:slideshow|video|content|feature) requires javascript.{0,40}|.{0,200}\b(?:uses|use of) cookies\b.{0,300}|.{0,100}\baffiliate (?:and\/or referral )?links?\b.{0,120}|(?:image|photo|video) (?:credit|source):?.{0,80}|getty images|(?:all rights reserved|copyright|©).{0,120})$/i;

/** Whether a short block of text is a stock furniture phrase ("Advertisement", "Share this"...). */
export function isFurnitureText(text: string): boolean {
  return text.length <= 600 && FURNITURE_TEXT.test(text.trim());
}

/** Tags whose subtrees are pruned from a chosen content root by class/id evidence alone. */
const PRUNABLE = new Set([
  'div',
  'section',
  'aside',
  'ul',
  'ol',
  'dl',
  'table',
  'form',
  'figure',
  'span',
  'p',
  'header',
  'footer',
  'article',
  'li',
  'a',
]);

/**
 * Elements inside the chosen root that class/id names mark as furniture, outermost first.
 *
 * @param root The chosen content root.
 */
export function furnitureByClassOf(root: Element): Element[] {
  const found: Element[] = [];
  for (const element of descendantsOf(root)) {
    if (!PRUNABLE.has(element.name)) continue;
    if (classWeightOf(element) < 0) found.push(element);
  }
  return found;
}
