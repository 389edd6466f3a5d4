import { Document, isCollection, parse } from 'yaml';

/** A Markdown document split into its YAML frontmatter and its body. */
export interface FrontmatterDocument {
  /** Parsed frontmatter (empty object when there is none). */
  data: Record<string, unknown>;
  /** The Markdown after the closing `---` line. */
  body: string;
  /** Whether the text started with a `---` frontmatter block. */
  hasFrontmatter: boolean;
}

// Only `---` YAML frontmatter is recognised. `---js` and other engines are treated as no
// frontmatter at all: evaluating code from a content file is what gray-matter does and we never will.
const FRONTMATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Splits `---` YAML frontmatter from a Markdown text and parses it.
 *
 * @param text Whole file text.
 * @throws Error from the YAML parser when the frontmatter is not valid YAML.
 */
export function splitFrontmatter(text: string): FrontmatterDocument {
  const match = FRONTMATTER.exec(text);
  if (!match) return { data: {}, body: text.replace(/^\uFEFF/, ''), hasFrontmatter: false };
  const parsed: unknown = parse(match[1] ?? '');
  const data =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  return { data, body: text.slice(match[0].length), hasFrontmatter: true };
}

/** Same as {@link splitFrontmatter} but returns an empty frontmatter instead of throwing. */
export function splitFrontmatterLenient(text: string): FrontmatterDocument {
  try {
    return splitFrontmatter(text);
  } catch {
    const match = FRONTMATTER.exec(text);
    return { data: {}, body: match ? text.slice(match[0].length) : text, hasFrontmatter: !!match };
  }
}

/**
 * Renders frontmatter data and a body as a Markdown document. Strings are plain where YAML allows
 * and quoted where it must (a title with `: `, a leading `*`, ...).
 *
 * @param data Frontmatter fields, in the order they should appear.
 * @param body Markdown body.
 * @param flowKeys Top-level keys rendered on one line (`cost: { inputTokens: 0, ... }`).
 */
export function renderFrontmatter(
  data: Record<string, unknown>,
  body: string,
  flowKeys: string[] = [],
): string {
  const doc = new Document(data);
  for (const key of flowKeys) {
    const node = doc.get(key, true);
    if (isCollection(node)) node.flow = true;
  }
  const yaml = doc.toString({ lineWidth: 0 });
  return `---\n${yaml}---\n\n${body.replace(/^\n+/, '')}`;
}
