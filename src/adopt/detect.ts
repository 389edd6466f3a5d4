import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Generator } from '../core/config.js';

/** What {@link detectGenerator} found, and the evidence. */
export interface Detection {
  generator: Generator;
  /** The file or dependency that decided, e.g. `hugo.toml` or `package.json: astro`. */
  evidence: string;
}

// Config files each generator reads, in the order the generators' docs name them.
const CONFIG_FILES: ReadonlyArray<readonly [Generator, readonly string[]]> = [
  ['astro', ['astro.config.mjs', 'astro.config.js', 'astro.config.ts', 'astro.config.mts']],
  [
    'eleventy',
    ['eleventy.config.js', 'eleventy.config.mjs', 'eleventy.config.cjs', '.eleventy.js'],
  ],
  ['hugo', ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json']],
  ['jekyll', ['_config.yml', '_config.yaml', '_config.toml']],
];

// Dependencies that name the generator in a site's package.json.
const DEPENDENCIES: ReadonlyArray<readonly [Generator, string]> = [
  ['astro', 'astro'],
  ['eleventy', '@11ty/eleventy'],
];

/**
 * Which generator builds the site in `root`: its config files first, then the site's
 * `package.json` dependencies, then Hugo's older `config.toml` (with a `baseURL`) and a Gemfile
 * naming jekyll; `plain` when nothing matches.
 *
 * @param root The site's root folder.
 */
export function detectGenerator(root: string): Detection {
  for (const [generator, files] of CONFIG_FILES) {
    const file = files.find((name) => existsSync(join(root, name)));
    if (file) return { generator, evidence: file };
  }
  const dependencies = dependenciesOf(root);
  for (const [generator, name] of DEPENDENCIES) {
    if (dependencies.has(name)) return { generator, evidence: `package.json: ${name}` };
  }
  for (const name of ['config.toml', 'config.yaml']) {
    const text = readOrEmpty(join(root, name));
    if (/^\s*baseURL\s*[=:]/im.test(text)) return { generator: 'hugo', evidence: name };
  }
  if (/\bjekyll\b/.test(readOrEmpty(join(root, 'Gemfile'))))
    return { generator: 'jekyll', evidence: 'Gemfile: jekyll' };
  return { generator: 'plain', evidence: 'no generator found' };
}

function dependenciesOf(root: string): Set<string> {
  const text = readOrEmpty(join(root, 'package.json'));
  if (!text) return new Set();
  try {
    const pkg = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
    return new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.devDependencies ?? {}),
    ]);
  } catch {
    return new Set();
  }
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
