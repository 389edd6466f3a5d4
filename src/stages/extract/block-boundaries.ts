/**
 * Block boundaries that Markdown would lose. hast-util-to-mdast reads an inline element (`<a>`,
 * `<em>`, `<font>`) as phrasing, so the blocks inside one (`<a><div>caption</div><div>by ...
 * </div></a>`) are joined with no space or dropped, and a GFM table cell is one line, so the
 * `<div>`s of a cell are joined with no space (issue 22: "(credit: NASA)by Jeff Foust").
 */
import type { Element as DomElement, ParentNode } from 'domhandler';
import type { Element, ElementContent } from 'hast';
import { BLOCK_TAGS, descendantsOf, isElement } from './dom.js';

/**
 * Elements that start a block of their own where they stand: the extract stage's block tags
 * (`BLOCK_TAGS`), less those that never sit inside an inline wrapper as a block to lift out
 * (table internals, `body`, `br`) and the containers whose content this pass leaves as it is.
 */
const NOT_LIFTED: ReadonlySet<string> = new Set([
  'body',
  'br',
  'caption',
  'center',
  'details',
  'dialog',
  'fieldset',
  'form',
  'hgroup',
  'nav',
  'summary',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
]);
const BLOCKS: ReadonlySet<string> = new Set([...BLOCK_TAGS].filter((tag) => !NOT_LIFTED.has(tag)));

/** Blocks whose content is phrasing, inside which an inline wrapper can be pushed down. */
const PHRASING_BLOCKS: ReadonlySet<string> = new Set([
  'dd',
  'dt',
  'figcaption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
]);

/** Inline wrappers that hast-util-to-mdast reads as phrasing. */
const INLINE: ReadonlySet<string> = new Set([
  'a',
  'abbr',
  'b',
  'big',
  'cite',
  'del',
  'em',
  'font',
  'i',
  'ins',
  'mark',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
]);

/**
 * An inline element holding blocks, as a `<div>` of those blocks: each run of inline content and
 * each phrasing block keeps the wrapper (a link stays a link on every block it covered); other
 * blocks (lists, tables, `<div>`s already split) stand as they are. Any other element is
 * returned unchanged.
 *
 * @param element A converted hast element (its children already converted).
 */
export function liftBlocksOutOfInline(element: Element): Element {
  if (!INLINE.has(element.tagName) || !element.children.some(isFilledBlock)) return element;
  const wrap = (children: ElementContent[]): Element => ({ ...element, children });
  const out: ElementContent[] = [];
  let run: ElementContent[] = [];
  const flush = (): void => {
    if (run.some((node) => node.type !== 'text' || node.value.trim())) out.push(wrap(run));
    run = [];
  };
  for (const child of element.children) {
    // An empty block (a spacer `<div>`) separates nothing: "Game D<div></div>ay" reads "Game Day".
    if (!isFilledBlock(child)) {
      run.push(child);
      continue;
    }
    flush();
    out.push(
      PHRASING_BLOCKS.has(child.tagName) ? { ...child, children: [wrap(child.children)] } : child,
    );
  }
  flush();
  return { type: 'element', tagName: 'div', properties: {}, children: out };
}

const HEADINGS: ReadonlySet<string> = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * A heading holding blocks (`<h3><ol><li>"My fears have been realized"</li></ol></h3>`) with
 * those blocks made inline runs ending in a space: a Markdown heading is one line, so a list in
 * it would be written `### 1. ...` (`## - one` and a second item below it), text the plain
 * rendering does not have and a reader sees as a list marker or a broken heading. Any other
 * element is returned unchanged.
 *
 * @param element A converted hast element (its children already converted).
 */
export function inlineBlocksOfHeading(element: Element): Element {
  if (!HEADINGS.has(element.tagName) || !element.children.some(isFilledBlock)) return element;
  return { ...element, children: element.children.map(inlineOf) };
}

/**
 * A data table whose cells' blocks become inline runs ending in a space, since a GFM cell is one
 * line (a space between blocks alone would be dropped as inter-element whitespace).
 *
 * @param table A converted hast `<table>` that is not a layout table.
 */
export function separateCellBlocks(table: Element): Element {
  return { ...table, children: table.children.map(separateIn) };
}

function separateIn(node: ElementContent): ElementContent {
  if (node.type !== 'element') return node;
  if (node.tagName === 'td' || node.tagName === 'th') {
    if (!node.children.some(isBlock)) return node;
    return { ...node, children: node.children.map(inlineOf) };
  }
  if (!TABLE_SECTIONS.has(node.tagName)) return node;
  return { ...node, children: node.children.map(separateIn) };
}

const TABLE_SECTIONS: ReadonlySet<string> = new Set(['thead', 'tbody', 'tfoot', 'tr']);

function inlineOf(node: ElementContent): ElementContent {
  if (!isFilledBlock(node)) return node;
  const children = node.children.map(inlineOf);
  children.push({ type: 'text', value: ' ' });
  return { type: 'element', tagName: 'span', properties: {}, children };
}

function isBlock(node: ElementContent): node is Element {
  return node.type === 'element' && BLOCKS.has(node.tagName);
}

/** A block with something to show (text or an image): an empty one separates nothing. */
function isFilledBlock(node: ElementContent): node is Element {
  return isBlock(node) && hasContent(node);
}

function hasContent(node: ElementContent): boolean {
  if (node.type === 'text') return node.value.trim() !== '';
  if (node.type !== 'element') return false;
  return node.tagName === 'img' || node.children.some(hasContent);
}

/**
 * List items that htmlparser2 nested inside the paragraph before them, put back where an HTML5
 * parser puts them. `<li><p>A<li><p>B` (no `</p>`, no `</li>`) parses as `li > p > [A, li > p >
 * B]`, which Markdown writes as one line, `- A- B`, and the text as `AB`; the HTML5 parser closes
 * the open `<p>`, then the open `<li>`, when an `<li>` starts
 * (https://html.spec.whatwg.org/multipage/parsing.html#parsing-main-inbody, "li" start tag).
 *
 * @param root A content root (changed in place).
 */
export function closeParagraphsAtListItems(root: ParentNode): void {
  for (const item of descendantsOf(root)) {
    if (item.name !== 'li') continue;
    const paragraph = item.parent;
    if (!paragraph || !isElement(paragraph) || paragraph.name !== 'p') continue;
    moveFromAfter(item, paragraph);
    const outer = paragraph.parent;
    if (outer && isElement(outer) && outer.name === 'li') moveFromAfter(item, outer);
  }
}

/** Moves `first` and the siblings after it to right after `anchor` (an ancestor's child list). */
function moveFromAfter(first: DomElement, anchor: DomElement): void {
  const from = first.parent;
  const to = anchor.parent;
  if (!from || !to) return;
  const start = from.children.indexOf(first);
  const moved = from.children.splice(start);
  const before = from.children[start - 1];
  if (before) before.next = null;
  const at = to.children.indexOf(anchor) + 1;
  to.children.splice(at, 0, ...moved);
  for (let i = 0; i < to.children.length; i++) {
    const node = to.children[i]!;
    node.prev = to.children[i - 1] ?? null;
    node.next = to.children[i + 1] ?? null;
  }
  for (const node of moved) node.parent = to;
}
