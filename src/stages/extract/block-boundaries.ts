/**
 * Block boundaries that Markdown would lose. hast-util-to-mdast reads an inline element (`<a>`,
 * `<em>`, `<font>`) as phrasing, so the blocks inside one (`<a><div>caption</div><div>by ...
 * </div></a>`) are joined with no space or dropped, and a GFM table cell is one line, so the
 * `<div>`s of a cell are joined with no space (issue 22: "(credit: NASA)by Jeff Foust").
 */
import type { Element, ElementContent } from 'hast';
import { BLOCK_TAGS } from './dom.js';

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
  if (!INLINE.has(element.tagName) || !element.children.some(isBlock)) return element;
  const wrap = (children: ElementContent[]): Element => ({ ...element, children });
  const out: ElementContent[] = [];
  let run: ElementContent[] = [];
  const flush = (): void => {
    if (run.some((node) => node.type !== 'text' || node.value.trim())) out.push(wrap(run));
    run = [];
  };
  for (const child of element.children) {
    if (!isBlock(child)) {
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
  if (!isBlock(node)) return node;
  const children = node.children.map(inlineOf);
  children.push({ type: 'text', value: ' ' });
  return { type: 'element', tagName: 'span', properties: {}, children };
}

function isBlock(node: ElementContent): node is Element {
  return node.type === 'element' && BLOCKS.has(node.tagName);
}
