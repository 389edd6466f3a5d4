import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { splitFrontmatter } from '../../../core/frontmatter.js';
import { PipelineError } from '../../../core/errors.js';
import type { SourceText } from '../types.js';

/**
 * Reads a folder of extracted sources as the run folder holds them: `<id>.md` files with
 * frontmatter `id`, `url`, `title`, then the article Markdown. The id is the frontmatter's, or
 * the file name without `.md` when the frontmatter has none.
 *
 * @param dir Folder path.
 * @returns Sources sorted by id.
 * @throws PipelineError (stage `critique`) naming the folder or file that cannot be read or parsed.
 */
export function loadSourcesDir(dir: string): SourceText[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.md'));
  } catch (cause) {
    throw new PipelineError(
      'critique',
      'SOURCES_UNREADABLE',
      `critique ${dir}: cannot read the sources folder`,
      { source: dir, cause },
    );
  }
  const sources: SourceText[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let data: Record<string, unknown>;
    let body: string;
    try {
      ({ data, body } = splitFrontmatter(readFileSync(file, 'utf8')));
    } catch (cause) {
      throw new PipelineError(
        'critique',
        'SOURCE_INVALID',
        `critique ${file}: cannot read or parse the source (frontmatter must be YAML)`,
        { source: file, cause },
      );
    }
    sources.push({
      id:
        typeof data.id === 'string' || typeof data.id === 'number'
          ? String(data.id)
          : basename(name, '.md'),
      url: typeof data.url === 'string' ? data.url : '',
      title: typeof data.title === 'string' ? data.title : '',
      text: body,
    });
  }
  return sources.sort((a, b) => a.id.localeCompare(b.id));
}
