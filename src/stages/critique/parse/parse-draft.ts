import { splitFrontmatterLenient } from '../../../core/frontmatter.js';
import { splitSentences } from '../../../text/sentences.js';
import type {
  DraftHeading,
  DraftQuote,
  DraftSourceRef,
  ParsedDraft,
  ParsedSentence,
} from '../types.js';

const FOOTNOTE_DEF = /^\[\^([^\]\s]+)\]:\s?(.*)$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const MARKER = /\[\^([^\]\s]+)\]/g;

/**
 * Parses a draft in the INTERFACES draft format: frontmatter (with its `sources` list), headings,
 * prose paragraphs, sentences with their `[^id]` citations, footnote definitions and quotations.
 *
 * Citations written after the closing punctuation (`... said.[^s1]`) belong to the sentence they
 * follow. Headings and footnote definitions are never sentences. The body is read line by line
 * rather than through a Markdown parser on purpose: remark only recognises `[^id]` as a footnote
 * reference when a matching definition exists, and a citation without one is exactly what the
 * `unknown-source` check must see.
 *
 * @param text Whole draft file (frontmatter optional).
 */
export function parseDraft(text: string): ParsedDraft {
  const { data, body } = splitFrontmatterLenient(text);
  const headings: DraftHeading[] = [];
  const paragraphs: string[] = [];
  const sections: string[] = [];
  const footnotes = new Map<string, string>();
  let section = '';
  let lines: string[] = [];
  let footnote: string | null = null;
  let fenced = false;

  const flush = () => {
    const paragraph = lines.join('\n').trim();
    if (paragraph) {
      paragraphs.push(paragraph);
      sections.push(section);
    }
    lines = [];
  };

  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      // Code is not prose: nothing in a fenced block is a claim.
      flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const heading = HEADING.exec(line);
    const definition = FOOTNOTE_DEF.exec(line);
    if (heading) {
      flush();
      footnote = null;
      section = unescapeMarkdown(heading[2]!.trim());
      headings.push({ depth: heading[1]!.length, text: section });
    } else if (definition) {
      flush();
      footnote = definition[1]!;
      footnotes.set(footnote, definition[2]!.trim());
    } else if (/^\s*$/.test(line)) {
      flush();
      footnote = null;
    } else if (footnote !== null && /^\s{2,}\S/.test(line)) {
      footnotes.set(footnote, `${footnotes.get(footnote) ?? ''} ${line.trim()}`.trim());
    } else if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      // A list item is a paragraph of its own: items rarely continue each other's sentences.
      flush();
      footnote = null;
      lines.push(line.replace(/^\s*([-*+]|\d+[.)])\s+/, ''));
    } else if (/^\s*(\||<!--|-{3,}\s*$|\*{3,}\s*$)/.test(line)) {
      flush();
    } else {
      footnote = null;
      lines.push(line.replace(/^\s*>\s?/, ''));
    }
  }
  flush();

  const sentences: ParsedSentence[] = [];
  const quotes: DraftQuote[] = [];
  paragraphs.forEach((paragraph, index) => {
    const prose = proseTextOf(paragraph);
    const first = sentences.length;
    const offsets: number[] = [];
    let cursor = 0;
    for (const raw of mergeOpenQuotes(splitSentences(prose))) {
      const at = prose.indexOf(raw, cursor);
      offsets.push(at < 0 ? cursor : at);
      cursor = at < 0 ? cursor : at + raw.length;
      sentences.push({
        text: raw.replace(MARKER, '').replace(/\s+/g, ' ').trim(),
        raw,
        cites: [...new Set([...raw.matchAll(MARKER)].map((m) => m[1]!))],
        section: sections[index] ?? '',
        paragraph: index,
      });
    }
    for (const span of quoteSpansOf(prose)) {
      const covered: number[] = [];
      offsets.forEach((start, i) => {
        const end = start + (sentences[first + i]?.raw.length ?? 0);
        if (start < span.end && end > span.start) covered.push(first + i);
      });
      const quote = span.text.replace(MARKER, '').replace(/\s+/g, ' ').trim();
      if (quote) quotes.push({ text: quote, sentences: covered });
    }
  });

  return {
    file: text,
    frontmatter: data,
    sources: sourcesOf(data.sources),
    headings,
    paragraphs,
    sentences,
    footnotes,
    quotes,
    body: paragraphs.join('\n\n'),
  };
}

/**
 * Joins a sentence that ends inside an open quotation, without a citation, to the next one: the
 * splitter cut a quoted title or remark (`"Meth. We're on it." campaign`) that the citation after
 * it covers whole.
 */
function mergeOpenQuotes(sentences: string[]): string[] {
  const out: string[] = [];
  let pending = '';
  for (const sentence of sentences) {
    const joined = pending ? `${pending} ${sentence}` : sentence;
    const open = (joined.match(/["“”]/g)?.length ?? 0) % 2 === 1;
    if (open && !MARKER_TEST.test(sentence)) {
      pending = joined;
      continue;
    }
    out.push(joined);
    pending = '';
  }
  if (pending) out.push(pending);
  return out;
}

const MARKER_TEST = /\[\^[^\]\s]+\]/;

/**
 * A paragraph (or part of one) as prose: inline Markdown that is not prose goes (links keep their
 * text, emphasis and code marks go), and backslash escapes are read as the characters they
 * escape, since the renderer escapes source text (`\<`, `\{`, `\*`) that must read as written.
 *
 * @param paragraph Markdown of a paragraph.
 */
export function proseTextOf(paragraph: string): string {
  return unescapeMarkdown(
    paragraph
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/(?<!\\)\[([^\]^][^\]]*?)(?<!\\)\]\([^)]*\)/g, '$1')
      .replace(/(?<!\\)(\*\*|__|`)/g, '')
      .replace(/(^|[\s(])[*_](\S)/g, '$1$2')
      .replace(/([^\s\\])[*_](?=[\s).,;:!?]|$)/g, '$1')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

// CommonMark: a backslash before ASCII punctuation is that character.
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

interface QuoteSpan {
  text: string;
  start: number;
  end: number;
}

/**
 * Double-quoted spans of a paragraph: `"..."` paired in order, `“...”` by their direction. An
 * unpaired mark (a quote that runs on into the next paragraph) opens no span.
 */
function quoteSpansOf(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '“' || (ch === '"' && open < 0)) {
      open = i;
    } else if ((ch === '”' || ch === '"') && open >= 0) {
      spans.push({ text: text.slice(open + 1, i), start: open, end: i + 1 });
      open = -1;
    }
  }
  return spans;
}

/**
 * A frontmatter date as `YYYY-MM-DD`, or null: YAML gives a string (`2019-11-20`, possibly with a
 * time after it) or, with a timestamp schema, a `Date`.
 *
 * @param value A frontmatter value.
 */
export function isoDateOf(value: unknown): string | null {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(value.trim());
  return match && !Number.isNaN(Date.parse(match[1]!)) ? match[1]! : null;
}

function sourcesOf(value: unknown): DraftSourceRef[] {
  if (!Array.isArray(value)) return [];
  const out: DraftSourceRef[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue;
    const record = entry as Record<string, unknown>;
    // YAML reads `id: 1` as a number; anything else is not an id.
    if (typeof record.id !== 'string' && typeof record.id !== 'number') continue;
    const ref: DraftSourceRef = {
      id: String(record.id),
      url: typeof record.url === 'string' ? record.url : '',
      title: typeof record.title === 'string' ? record.title : '',
    };
    const published = isoDateOf(record.published);
    if (published) ref.published = published;
    out.push(ref);
  }
  return out;
}
