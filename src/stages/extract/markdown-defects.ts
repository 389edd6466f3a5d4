/**
 * Structural defects in extracted Markdown (issue 22): what a reader sees as broken markup rather
 * than as what the page says. Counted by `bench:extract` and held at zero on the eval pages.
 */

/** Counts of each kind of defect in one Markdown document. */
export interface MarkdownDefects {
  /** Images and links with no URL: `![alt]()`, `[text]()`. */
  emptyUrls: number;
  /** Links with no text and no image: `[](url)`. */
  emptyLinkTexts: number;
  /** GFM tables of one column (a layout table written as a table). */
  oneColumnTables: number;
  /** Table rows with text after their closing pipe (a block glued onto the row). */
  textAfterTableRows: number;
}

const DELIMITER_ROW = /^\|(?:\s*:?-+:?\s*\|)+\s*$/;
const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Counts the structural defects of a Markdown document; fenced code and inline code are not
 * Markdown structure and are skipped.
 *
 * @param markdown The article's Markdown.
 */
export function markdownDefectsOf(markdown: string): MarkdownDefects {
  const defects: MarkdownDefects = {
    emptyUrls: 0,
    emptyLinkTexts: 0,
    oneColumnTables: 0,
    textAfterTableRows: 0,
  };
  let fence: string | null = null;
  let inTable = false;
  for (const rawLine of markdown.split('\n')) {
    const opening = CODE_FENCE.exec(rawLine)?.[1];
    if (fence !== null) {
      if (opening && opening[0] === fence[0] && opening.length >= fence.length) fence = null;
      continue;
    }
    if (opening) {
      fence = opening;
      continue;
    }
    // Inline code is replaced, not removed: a link whose text is code (`[`colorsys`](url)`) has text.
    const line = rawLine.replace(/(`+)[^`]*?\1/g, 'code');
    defects.emptyUrls += line.match(/\]\(\s*\)/g)?.length ?? 0;
    defects.emptyLinkTexts += line.match(/(?:^|[^!\\])\[\]\(\s*\S/g)?.length ?? 0;
    if (DELIMITER_ROW.test(line)) {
      inTable = true;
      if ((line.match(/-+/g) ?? []).length === 1) defects.oneColumnTables++;
      continue;
    }
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const trimmed = line.trimEnd();
    if (inTable && (!trimmed.endsWith('|') || trimmed.endsWith('\\|')))
      defects.textAfterTableRows++;
  }
  return defects;
}

/**
 * The sum of several documents' defects.
 *
 * @param all Defect counts, one per document.
 */
export function totalDefectsOf(all: readonly MarkdownDefects[]): MarkdownDefects {
  const total: MarkdownDefects = {
    emptyUrls: 0,
    emptyLinkTexts: 0,
    oneColumnTables: 0,
    textAfterTableRows: 0,
  };
  for (const defects of all) {
    total.emptyUrls += defects.emptyUrls;
    total.emptyLinkTexts += defects.emptyLinkTexts;
    total.oneColumnTables += defects.oneColumnTables;
    total.textAfterTableRows += defects.textAfterTableRows;
  }
  return total;
}
