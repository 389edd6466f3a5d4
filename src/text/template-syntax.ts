/**
 * Template delimiters of the static-site generators drafts are written for. Their Markdown files
 * are templates: Hugo runs `{{< >}}` and `{{% %}}` shortcodes (`readfile` reads any file of the
 * site), Jekyll runs Liquid `{{ }}` and `{% %}`, Eleventy runs Liquid or Nunjucks (`{# #}` too)
 * over Markdown, and MDX (Astro) evaluates any `{expression}`. Text from sources is data, so the
 * draft must never hand such syntax to the generator (issue 17).
 */

/** A generator family whose template syntax the pipeline neutralises. */
export type TemplateFamily = 'hugo' | 'liquid' | 'nunjucks' | 'mdx';

/** Which generators execute each two-character delimiter. */
export const TEMPLATE_DELIMITERS: Readonly<Record<string, readonly TemplateFamily[]>> = {
  '{{': ['hugo', 'liquid', 'nunjucks'],
  '}}': ['hugo', 'liquid', 'nunjucks'],
  '{%': ['liquid', 'nunjucks'],
  '%}': ['liquid', 'nunjucks'],
  '{#': ['nunjucks'],
  '#}': ['nunjucks'],
};

/** U+2060 WORD JOINER: invisible, and no line may break at it. */
export const WORD_JOINER = '\u2060';

const PAIR = /\{(?=[{%#])|[}%#](?=\})/g;
const DELIMITER = /\{\{|\}\}|\{%|%\}|\{#|#\}/g;

/**
 * Breaks every template delimiter of {@link TEMPLATE_DELIMITERS} with a word joiner between its
 * two characters (`{{` becomes `{⁠{`): no generator sees a delimiter, and a reader sees the same
 * text. Single braces are left to the Markdown serializer, which escapes them in the body (MDX);
 * frontmatter values are not evaluated by any of the generators.
 *
 * @param text Text from a source (or written from one).
 */
export function neutraliseTemplateSyntax(text: string): string {
  return text.replace(PAIR, `$&${WORD_JOINER}`);
}

/** One template delimiter found in a text. */
export interface TemplateDelimiter {
  /** The two characters, e.g. `{{`. */
  delimiter: string;
  /** Offset in the text. */
  index: number;
}

/**
 * The template delimiters of a text, in order (`{{{` counts once: matches do not overlap).
 *
 * @param text Any text, e.g. one line of a draft file.
 */
export function templateDelimitersOf(text: string): TemplateDelimiter[] {
  const found: TemplateDelimiter[] = [];
  for (const match of text.matchAll(DELIMITER))
    found.push({ delimiter: match[0], index: match.index });
  return found;
}
