import type { Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { htmlTextOf, stripModuleLines, stripShortcodes, stripUrls } from './markup.js';

// One frozen processor: building it per call costs more than parsing a short post.
const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkGfm)
  .freeze();

/**
 * The visible text of a Markdown post, as a reader of the rendered page sees it: the reference
 * reader of the dedupe stage, built on unified + remark-parse (+ frontmatter, GFM).
 *
 * Left out: the frontmatter (YAML or TOML), MDX `import`/`export` lines, Hugo shortcode tags (the text between paired tags stays), HTML tags
 * (their text stays; scripts and styles go), link and image targets, link reference definitions,
 * footnote reference marks, and URLs written as text. Image alt text stays (it is the page's text
 * for the image). Code is kept as text, inline and in blocks, with HTML tags inside it removed
 * like anywhere else: a copied post copies its code too, and Markdown converted from old HTML
 * often has indented prose that CommonMark reads as an indented code block (dropping code blocks
 * lost up to 96% of the words of such posts in the evaluation corpus). The fence's info string
 * (the language name) is not text.
 *
 * Blocks are separated by blank lines.
 *
 * @param markdown Whole file text (frontmatter allowed) or a candidate's Markdown.
 */
export function corpusTextOf(markdown: string): string {
  const tree = processor.parse(stripShortcodes(stripModuleLines(markdown)));
  const blocks: string[] = [];
  collectBlocks(tree, blocks);
  return blocks
    .map((block) => stripUrls(block).replace(/\s+/g, ' ').trim())
    .filter((block) => block !== '')
    .join('\n\n');
}

// Containers whose children are blocks: each child becomes its own block of text.
const BLOCK_CONTAINERS = new Set([
  'root',
  'blockquote',
  'list',
  'listItem',
  'footnoteDefinition',
  'table',
]);

function collectBlocks(node: Nodes, blocks: string[]): void {
  if (node.type === 'yaml' || node.type === 'definition') return;
  if (node.type === 'code') {
    blocks.push(htmlTextOf(node.value));
    return;
  }
  if (node.type === ('toml' as string)) return;
  if (BLOCK_CONTAINERS.has(node.type) && 'children' in node) {
    for (const child of node.children as Nodes[]) collectBlocks(child, blocks);
    return;
  }
  const parts: string[] = [];
  collectInline(node, parts);
  blocks.push(parts.join(''));
}

function collectInline(node: Nodes, parts: string[]): void {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      parts.push(node.value);
      return;
    case 'html':
      parts.push(htmlTextOf(node.value));
      return;
    case 'image':
    case 'imageReference':
      if (node.alt) parts.push(` ${node.alt} `);
      return;
    case 'break':
    case 'thematicBreak':
      parts.push(' ');
      return;
    case 'footnoteReference':
    case 'definition':
    case 'code':
      return;
    default:
      break;
  }
  if ('children' in node) {
    for (const child of node.children as Nodes[]) collectInline(child, parts);
    // Table cells and rows are separate words even when the Markdown has no space between them.
    if (node.type === 'tableCell' || node.type === 'tableRow' || node.type === 'paragraph')
      parts.push(' ');
  }
}

/** The mdast root type, re-exported for tests that build trees by hand. */
export type { Root };
