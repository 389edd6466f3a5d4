/**
 * The article's two renderings from one tree: hast -> mdast (hast-util-to-mdast) -> Markdown
 * (mdast-util-to-markdown with GFM tables), and the plain text of the same mdast.
 */
import type { Root as HastRoot } from 'hast';
import { toMdast } from 'hast-util-to-mdast';
import type { Nodes, Root, RootContent } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';

/** The article as Markdown and as plain text. */
export interface Rendered {
  markdown: string;
  text: string;
}

/**
 * Renders a hast tree as Markdown and plain text.
 *
 * @param tree The article's hast tree (URLs already absolute).
 */
export function renderArticle(tree: HastRoot): Rendered {
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
