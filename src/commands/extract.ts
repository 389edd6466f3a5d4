import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { messageOf, UsageError } from '../core/errors.js';
import { documentKindOf, extractArticle, plainDocumentOf } from '../stages/extract/index.js';
import type { ExtractedPage } from '../stages/extract/types.js';
import { decodeText } from '../stages/fetch/charset.js';
import { cwdOf, type RegisterCommand } from './io.js';

interface ExtractCommandOptions {
  url?: string;
  json?: boolean;
}

/**
 * One line of `extract --json`: the INTERFACES fields, plus `id` (the file name without its
 * extension, so that the lines feed the eval scorer, which reads `{id, text}`), `siteName` and
 * `hidden`.
 */
type ExtractLine = { file: string; id: string } & ExtractedPage;

/**
 * `extract <file>... [--url URL] [--json]`: extracts the article of each HTML file (Markdown and
 * plain-text files are taken as they are). `--json` prints one
 * `{file, title, author, published, canonicalUrl, lang, markdown, text}` object a line (JSON
 * Lines), in the order given; a file that fails gives `{file, error}` on its line and the others
 * still run. Without `--json`, the title, the metadata and the Markdown of each file. Exit code 0
 * when every file gave an article, 1 when one did not, 2 for bad usage.
 */
export const registerExtractCommand: RegisterCommand = (program, io) => {
  program
    .command('extract')
    .description(
      'extract the article (Markdown, plain text, title, author, date, canonical URL, language) from HTML files',
    )
    .argument('<files...>', 'HTML files (Markdown or plain-text files are taken as they are)')
    .option(
      '--url <url>',
      'URL the page(s) came from: base for relative links when a page has no canonical URL',
    )
    .option('--json', 'print one JSON object per file, one a line (JSON Lines), in the order given')
    .action((files: string[], options: ExtractCommandOptions) => {
      if (options.url !== undefined && !isHttpUrl(options.url)) {
        throw new UsageError(
          `extract: --url must be an absolute http(s) URL, got "${options.url}"`,
        );
      }
      let failed = 0;
      for (const [index, file] of files.entries()) {
        let page: ExtractedPage;
        try {
          page = pageOfFile(resolve(cwdOf(io), file), options.url);
        } catch (error) {
          failed++;
          const reason = messageOf(error);
          io.logger.error(`extract ${file}: ${reason}`);
          if (options.json) io.out(`${JSON.stringify({ file, id: idOf(file), error: reason })}\n`);
          else io.out(`${index > 0 ? '\n' : ''}# ${file}\n\nerror: ${reason}\n`);
          continue;
        }
        if (options.json) io.out(`${JSON.stringify(lineOf(file, page))}\n`);
        else io.out(`${index > 0 ? '\n' : ''}${readableOf(file, page)}`);
      }
      io.setExitCode(failed > 0 ? 1 : 0);
    });
};

function pageOfFile(path: string, url: string | undefined): ExtractedPage {
  const bytes = readFileSync(path);
  // The fetch stage's decoder: BOM, then the page's own declaration, else UTF-8 with the
  // windows-1252 fallback, and 0x80-0x9F read as windows-1252 (Node's decoder gives C1 controls).
  const body = decodeText(bytes).text;
  const kind = documentKindOf('', path, body);
  if (kind === 'markdown' || kind === 'text') return plainDocumentOf(body, kind);
  return extractArticle(body, url === undefined ? { source: path } : { url, source: path });
}

function lineOf(file: string, page: ExtractedPage): ExtractLine {
  return {
    file,
    id: idOf(file),
    title: page.title,
    author: page.author,
    published: page.published,
    canonicalUrl: page.canonicalUrl,
    lang: page.lang,
    siteName: page.siteName,
    markdown: page.markdown,
    text: page.text,
    hidden: page.hidden,
  };
}

function readableOf(file: string, page: ExtractedPage): string {
  const fields: [string, string | null][] = [
    ['file', file],
    ['author', page.author],
    ['published', page.published],
    ['canonical', page.canonicalUrl],
    ['lang', page.lang],
    ['site', page.siteName],
  ];
  const meta = fields
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  const hidden =
    page.hidden.length > 0 ? `\nhidden text removed: ${page.hidden.length} element(s)` : '';
  return `# ${page.title ?? '(no title)'}\n\n${meta}${hidden}\n\n${page.markdown}\n`;
}

function idOf(file: string): string {
  return basename(file, extname(file));
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
