/**
 * Layout tables: tables used to place blocks on the page rather than to hold data. Markdown's GFM
 * tables hold one line of inline content per cell, so a layout table written as one glues its
 * headings, paragraphs and captions into a row (issue 22); it is unwrapped into its blocks.
 */
import type { Element, ElementContent } from 'hast';

/** Content that a GFM table cell cannot hold: its presence makes a table a layout table. */
const BLOCK_CONTENT: ReadonlySet<string> = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'img',
  'ul',
  'ol',
  'dl',
  'table',
  'blockquote',
  'pre',
  'figure',
  'hr',
  // What an unwrapped (nested) layout table becomes, see unwrapTable.
  'section',
]);

/** The parts of a table that mean nothing outside one. */
const TABLE_PARTS: ReadonlySet<string> = new Set([
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
]);

/** Whether an element is a table or a part of one (a row, a cell). */
export function isTablePart(element: Element): boolean {
  return TABLE_PARTS.has(element.tagName);
}

/**
 * Whether a hast table lays out blocks rather than holding data: it has one column at most, or
 * a cell holds block content (paragraphs, headings, images, lists) or a nested table.
 *
 * @param table A hast `<table>` whose cells are already converted.
 */
export function isLayoutTable(table: Element): boolean {
  let columns = 0;
  for (const row of rowsOf(table)) {
    let width = 0;
    for (const cell of row.children) {
      if (!isCell(cell)) continue;
      width += Number(cell.properties.colSpan ?? 1) || 1;
      if (hasBlockContent(cell)) return true;
    }
    columns = Math.max(columns, width);
  }
  return columns <= 1;
}

/**
 * A table, or a part of one, as a `<section>` of its blocks: each cell (and the caption) becomes
 * a `<div>`, in document order, so that Markdown gives each its own lines.
 *
 * @param element A hast table, row group, row or cell.
 */
export function unwrapTable(element: Element): Element {
  const blocks: ElementContent[] = [];
  collectCells(element, blocks);
  return { type: 'element', tagName: 'section', properties: {}, children: blocks };
}

function collectCells(node: ElementContent, blocks: ElementContent[]): void {
  if (node.type !== 'element') {
    if (node.type === 'text' && node.value.trim()) blocks.push(node);
    return;
  }
  if (node.tagName === 'td' || node.tagName === 'th' || node.tagName === 'caption') {
    blocks.push({ type: 'element', tagName: 'div', properties: {}, children: node.children });
    return;
  }
  if (!TABLE_PARTS.has(node.tagName)) {
    // Stray markup between rows (a form, a script-built ad slot) stays a block of its own.
    blocks.push(node);
    return;
  }
  for (const child of node.children) collectCells(child, blocks);
}

function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'tr') rows.push(child);
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot')
      for (const row of child.children)
        if (row.type === 'element' && row.tagName === 'tr') rows.push(row);
  }
  return rows;
}

function isCell(node: ElementContent): node is Element {
  return node.type === 'element' && (node.tagName === 'td' || node.tagName === 'th');
}

function hasBlockContent(node: Element): boolean {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (BLOCK_CONTENT.has(child.tagName) || hasBlockContent(child)) return true;
  }
  return false;
}
