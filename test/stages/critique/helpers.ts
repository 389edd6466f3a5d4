import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSourcesDir } from '../../../src/stages/critique/parse/load-sources.js';
import { checkContextOf } from '../../../src/stages/critique/checks/index.js';
import type { CheckContext } from '../../../src/stages/critique/checks/check-context.js';
import type { CritiqueInput, SourceText } from '../../../src/stages/critique/types.js';
import type { DoneSpec } from '../../../src/core/topic.js';

/** The fixture sources folder (two real articles, see test/fixtures/critique/README.md). */
export const FIXTURE_SOURCES = fileURLToPath(
  new URL('../../fixtures/critique/sources', import.meta.url),
);

/** The fixture sources: s1 (PG&E shutoff, AP) and s2 (South Dakota meth campaign, The Hill). */
export function fixtureSources(): SourceText[] {
  return loadSourcesDir(FIXTURE_SOURCES);
}

/** Text of one fixture source file. */
export function fixtureText(id: string): string {
  return readFileSync(`${FIXTURE_SOURCES}/${id}.md`, 'utf8');
}

/**
 * A draft file in the INTERFACES format listing `ids` as its sources, with `body` as its Markdown.
 */
export function draftOf(body: string, ids: string[] = ['s1', 's2']): string {
  const sources = ids.map(
    (id) => `  - id: ${id}\n    url: "https://example.org/${id}"\n    title: "Source ${id}"`,
  );
  const footnotes = ids.map((id) => `[^${id}]: [Source ${id}](https://example.org/${id})`);
  return `---\ntitle: "A draft"\nsources:\n${sources.join('\n')}\nreview: []\n---\n\n${body.trim()}\n\n${footnotes.join('\n')}\n`;
}

/** A check context over the fixture sources for a draft body. */
export function contextOf(
  body: string,
  options: { ids?: string[]; done?: DoneSpec; sources?: SourceText[] } = {},
): CheckContext {
  const input: CritiqueInput = {
    draft: draftOf(body, options.ids),
    sources: options.sources ?? fixtureSources(),
  };
  if (options.done) input.done = options.done;
  return checkContextOf(input);
}
