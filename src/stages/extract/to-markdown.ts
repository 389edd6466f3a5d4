/**
 * The article's two renderings from one tree: hast -> mdast (hast-util-to-mdast) -> Markdown
 * (mdast-util-to-markdown with GFM tables), and the plain text of the same mdast. A very long
 * article is rendered in batches of blocks, the time bound checked between them: the two
 * libraries cost about 50 µs a block, so 99,000 paragraphs would take 5 s in one call.
 */
import type {
  Element as HastElement,
  ElementContent,
  Root as HastRoot,
  RootContent as HastContent,
} from 'hast';
import { toMdast } from 'hast-util-to-mdast';
import type { Nodes, Root, RootContent } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';
import type { Deadline } from './deadline.js';

/** The article as Markdown and as plain text. */
export interface Rendered {
  markdown: string;
  text: string;
}

/** Most blocks rendered in one call; an article with more is rendered in batches. */
export const MAX_BLOCKS_PER_RENDER = 500;

/**
 * Renders a hast tree as Markdown and plain text.
 *
 * @param tree The article's hast tree (URLs already absolute).
 * @param deadline The page's time bound, checked between batches of blocks (optional).
 */
export function renderArticle(tree: HastRoot, deadline?: Deadline): Rendered {
  const batches = batchesOf(tree);
  if (batches.length === 1) return renderOne(tree);
  const parts = batches.map((batch) => {
    deadline?.check('conversion');
    return renderOne(batch);
  });
  const joined = (texts: string[]) => texts.filter(Boolean).join('\n\n');
  return {
    markdown: joined(parts.map((part) => part.markdown)),
    text: joined(parts.map((part) => part.text)),
  };
}

/** Wrappers that add nothing to the Markdown: their blocks can be rendered apart. */
const TRANSPARENT_WRAPPERS: ReadonlySet<string> = new Set([
  'article',
  'body',
  'div',
  'main',
  'section',
]);

/**
 * The tree itself when it is short; else the blocks under its transparent wrappers, in batches
 * of {@link MAX_BLOCKS_PER_RENDER} (consecutive blocks render the same apart as together, but
 * for two lists meeting at a batch edge, which Markdown then reads as one).
 */
function batchesOf(tree: HastRoot): HastRoot[] {
  let children: (HastContent | ElementContent)[] = tree.children;
  for (;;) {
    const elements = children.filter((child): child is HastElement => child.type === 'element');
    const onlyWhitespace = children.every(
      (child) => child.type === 'element' || (child.type === 'text' && !child.value.trim()),
    );
    const only = elements.length === 1 ? elements[0] : undefined;
    if (!only || !onlyWhitespace || !TRANSPARENT_WRAPPERS.has(only.tagName)) break;
    children = only.children;
  }
  if (children.length <= MAX_BLOCKS_PER_RENDER) return [tree];
  const batches: HastRoot[] = [];
  for (let start = 0; start < children.length; start += MAX_BLOCKS_PER_RENDER) {
    batches.push({
      type: 'root',
      children: children.slice(start, start + MAX_BLOCKS_PER_RENDER),
    });
  }
  return batches;
}

function renderOne(tree: HastRoot): Rendered {
  const mdast = toMdast(tree) as Root;
  const markdown = toMarkdown(mdast, {
    extensions: [gfmToMarkdown()],
    bullet: '-',
    emphasis: '_',
    fences: true,
    rule: '-',
    listItemIndent: 'one',
  }).trim();
  return { markdown, text: plainTextOf(mdast) };
}

/**
 * Plain text of an mdast tree: one block per paragraph, heading, list item, table row or code
 * block, blocks separated by a blank line; no URLs, no Markdown syntax, no image alt text.
 *
 * @param tree mdast root (or any node).
 */
export function plainTextOf(tree: Nodes): string {
  const blocks: string[] = [];
  collectBlocks(tree, blocks);
  return blocks
    .map((block) =>
      block
        .replace(/[ \t\f\v\u00a0]+/g, ' ')
        .replace(/ *\n */g, '\n')
        .trim(),
    )
    .filter(Boolean)
    .join('\n\n');
}

function collectBlocks(node: Nodes, blocks: string[]): void {
  switch (node.type) {
    case 'root':
    case 'blockquote':
    case 'list':
    case 'listItem':
    case 'footnoteDefinition':
      for (const child of node.children) collectBlocks(child, blocks);
      return;
    case 'paragraph':
    case 'heading':
      blocks.push(inlineTextOf(node));
      return;
    case 'code':
      blocks.push(node.value);
      return;
    case 'table':
      for (const row of node.children) {
        blocks.push(
          row.children
            .map((cell) => inlineTextOf(cell))
            .filter(Boolean)
            .join(' '),
        );
      }
      return;
    default:
      // Inline content at block level (rare after hast-util-to-mdast) still counts.
      if ('children' in node || 'value' in node) blocks.push(inlineTextOf(node));
  }
}

function inlineTextOf(node: Nodes | RootContent): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return '\n';
    case 'image':
    case 'imageReference':
    case 'html':
      return '';
    default:
      if ('children' in node) return (node.children as RootContent[]).map(inlineTextOf).join('');
      return 'value' in node && typeof node.value === 'string' ? node.value : '';
  }
}
