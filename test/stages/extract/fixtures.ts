import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Folder of the extract fixtures (pages written for these tests). */
export const HTML_FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'html');

/** Reads a fixture page. */
export function fixture(name: string): string {
  return readFileSync(join(HTML_FIXTURES, name), 'utf8');
}
