import { splitSentences } from '../../../text/sentences.js';
import { TEMPLATE_DELIMITERS, templateDelimitersOf } from '../../../text/template-syntax.js';
import { proseTextOf } from '../parse/parse-draft.js';
import type { Finding } from '../types.js';
import type { Check } from './check-context.js';

const FENCE = /^\s*(```|~~~)/;
const FOOTNOTE_MARKER = /\[\^[^\]\s]+\]/g;
const NOT_PROSE = /^\s*(#{1,6}\s|\[\^[^\]\s]+\]:|\||<!--)/;
// A brace MDX would evaluate: not escaped, outside code spans.
const MDX_BRACE = /(?<!\\)[{}]/g;
const CODE_SPAN = /`[^`]*`/g;

/**
 * `template-syntax`: a template delimiter of a supported site generator left in the draft file
 * (issue 17), which the generator would execute on build: `{{`/`}}` (Hugo shortcodes, Liquid,
 * Nunjucks), `{%`/`%}` (Liquid, Nunjucks), `{#`/`#}` (Nunjucks) anywhere in the file, fenced code
 * and frontmatter included (Hugo and Liquid run inside code blocks too); and in the body's prose an
 * unescaped `{` or `}`, an MDX expression. The renderer neutralises all of them, so a finding means
 * a rendering fault or a hand edit. `error`; `sentence` is the draft sentence (the line, outside
 * body prose).
 */
export const checkTemplateSyntax: Check = (ctx) => {
  const findings: Finding[] = [];
  const lines = ctx.draft.file.split(/\r?\n/);
  const bodyStart = bodyStartOf(lines);
  let fenced = false;
  lines.forEach((line, index) => {
    const inBody = index >= bodyStart;
    if (inBody && FENCE.test(line)) fenced = !fenced;
    const prose = inBody && !fenced && !FENCE.test(line) && !NOT_PROSE.test(line);
    if (!prose) {
      const found = delimitersOf(line, false);
      if (found.length > 0) findings.push(findingOf(line.trim(), found, index + 1));
      return;
    }
    for (const piece of splitSentences(line)) {
      const found = delimitersOf(piece, true);
      if (found.length === 0) continue;
      const sentence = proseTextOf(piece).replace(FOOTNOTE_MARKER, '').replace(/\s+/g, ' ').trim();
      findings.push(findingOf(sentence, found, index + 1));
    }
  });
  return findings;
};

/** Index of the first line after the `---` frontmatter (0 without one). */
function bodyStartOf(lines: string[]): number {
  if (!/^\uFEFF?---\s*$/.test(lines[0] ?? '')) return 0;
  const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  return end < 0 ? 0 : end + 1;
}

/** Delimiters in a text, and with `mdx` its unescaped single braces outside code spans. */
function delimitersOf(text: string, mdx: boolean): string[] {
  const found = templateDelimitersOf(text).map((hit) => hit.delimiter);
  if (mdx && found.length === 0)
    found.push(...(text.replace(CODE_SPAN, '').match(MDX_BRACE) ?? []));
  return [...new Set(found)];
}

function findingOf(sentence: string, delimiters: string[], line: number): Finding {
  const named = delimiters.map((delimiter) => {
    const families = TEMPLATE_DELIMITERS[delimiter] ?? ['mdx'];
    return `\`${delimiter}\` (${families.join(', ')})`;
  });
  return {
    kind: 'template-syntax',
    severity: 'error',
    sentence,
    source: null,
    detail: `line ${line} holds template syntax the site generator would execute: ${named.join(', ')}; text from sources must be written as text (\`\\{\`, or a word joiner between the two characters)`,
  };
}
