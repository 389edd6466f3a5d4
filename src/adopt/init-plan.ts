import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScalar, isSeq, parseDocument } from 'yaml';
import { CONFIG_FILE, parseConfig, type Generator, type ProjectConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../core/files.js';
import { PRESETS } from './presets.js';

/** One file `init` writes, and what it does to it. */
export interface PlannedFile {
  /** Path relative to the site root. */
  path: string;
  /**
   * `create` (missing), `update` (lines or scripts added), `unchanged` (already as `init` writes
   * it), `skip` (exists and differs: the user's edit is kept).
   */
  action: 'create' | 'update' | 'unchanged' | 'skip';
  /** Why, for `skip` and `update`. */
  note: string;
  /** The new content (for `create` and `update`). */
  content?: string;
}

/** Options of {@link planInit}. */
export interface InitOptions {
  /** The site's root. */
  root: string;
  generator: Generator;
  /** The installed package's root (its `pipelines/example*` and workflow templates). */
  packageRoot: string;
}

/** Lines `init` adds to the site's `.gitignore`: run folders and caches are never committed. */
export const GITIGNORE_LINES = ['.pipeline/'];

/** The scripts `init` adds to the site's `package.json`. */
export const PACKAGE_SCRIPTS: Record<string, string> = {
  pipeline: 'research-draft run',
  cli: 'research-draft',
};

/**
 * What `init` would write in a site, file by file, without writing anything: the project config of
 * the generator's preset, an example topic that runs offline, the workflow files, the ignore
 * lines and the `pipeline`/`cli` scripts. A file that exists and differs from what `init` writes
 * is never touched (`skip`): running `init` again changes nothing.
 *
 * @param options The site, its generator and the package's root.
 */
export function planInit(options: InitOptions): PlannedFile[] {
  const { root, generator, packageRoot } = options;
  const preset = PRESETS[generator];
  const plan: PlannedFile[] = [];
  plan.push(
    wholeFile(
      root,
      CONFIG_FILE,
      `# research-draft project config (written by \`research-draft init --preset ${generator}\`).\n` +
        `# ${preset.whyUnpublished}.\n${preset.config}\n`,
    ),
  );
  const folders = parseConfig(preset.config, CONFIG_FILE, root);
  for (const [path, content] of templateFiles(packageRoot))
    plan.push(wholeFile(root, path, withFolders(path, content, folders)));
  plan.push(lineFile(root, '.gitignore', GITIGNORE_LINES));
  if (preset.ignore) plan.push(lineFile(root, preset.ignore.file, preset.ignore.lines));
  if (preset.configList) plan.push(yamlList(root, preset.configList));
  plan.push(packageScripts(root));
  return plan;
}

/**
 * Writes the `create` and `update` entries of a plan (each through a temp file and a rename).
 *
 * @param root The site's root.
 * @param plan From {@link planInit}.
 */
export function applyInit(root: string, plan: PlannedFile[]): void {
  for (const file of plan) {
    if ((file.action === 'create' || file.action === 'update') && file.content !== undefined)
      writeFileAtomic(join(root, file.path), file.content);
  }
}

/**
 * The files `init` copies from the package: the offline example topic with its pages, and the
 * workflows with their scripts. Missing ones (a package built without them) are left out.
 */
function templateFiles(packageRoot: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (path: string) => {
    const absolute = join(packageRoot, path);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) {
      for (const name of readdirSync(absolute).sort()) add(join(path, name));
    } else {
      const text = readFileSync(absolute, 'utf8');
      out.push([path, path === 'scripts/cli.sh' ? text.replace(CLI_LINE, SITE_CLI) : text]);
    }
  };
  for (const path of TEMPLATE_PATHS) add(path);
  return out;
}

/** What a site gets from the package, at the same paths. */
export const TEMPLATE_PATHS = [
  'pipelines/example.yaml',
  'pipelines/example',
  '.github/workflows/pipeline.yml',
  '.github/workflows/review.yml',
  'scripts',
];

/** The one line of `scripts/cli.sh` that names the CLI: a site runs the installed package. */
const CLI_LINE = /\$\{PIPELINE_CLI:-node dist\/cli\.js\}/;
const SITE_CLI = '${PIPELINE_CLI:-npx --no-install research-draft}';

/**
 * A workflow with the preset's folders in its env (`PENDING_DIR`, `REJECTED_DIR`,
 * `PUBLISHED_DIR`, `COSTS_DIR`): the scripts and the PR's paths read them from there.
 */
function withFolders(path: string, content: string, config: ProjectConfig): string {
  if (!path.startsWith('.github/workflows/')) return content;
  const values: Record<string, string> = {
    PENDING_DIR: config.pending,
    REJECTED_DIR: config.rejected,
    PUBLISHED_DIR: config.published[0]!,
    COSTS_DIR: config.costs,
  };
  return content.replace(
    /^( {2}(PENDING_DIR|REJECTED_DIR|PUBLISHED_DIR|COSTS_DIR): ).*$/gm,
    (_, head: string, name: string) => `${head}${values[name]}`,
  );
}

function wholeFile(root: string, path: string, content: string): PlannedFile {
  const existing = readOrNull(join(root, path));
  if (existing === null) return { path, action: 'create', note: '', content };
  if (existing === content) return { path, action: 'unchanged', note: '' };
  return { path, action: 'skip', note: 'exists and differs: left as it is' };
}

function lineFile(root: string, path: string, lines: string[]): PlannedFile {
  const existing = readOrNull(join(root, path)) ?? '';
  const have = new Set(existing.split(/\r?\n/).map((line) => line.trim()));
  const missing = lines.filter((line) => !have.has(line) && !have.has(line.replace(/\/$/, '')));
  if (missing.length === 0) return { path, action: 'unchanged', note: '' };
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  return {
    path,
    action: existing === '' ? 'create' : 'update',
    note: `adds ${missing.join(', ')}`,
    content: `${existing}${separator}${missing.join('\n')}\n`,
  };
}

/**
 * Adds entries to a top-level list of a YAML config (Jekyll's `exclude:`), keeping the rest of the
 * file and its comments; a file whose key is not a list is left alone and said so.
 */
function yamlList(
  root: string,
  list: { file: string; key: string; entries: string[] },
): PlannedFile {
  const path = list.file;
  const text = readOrNull(join(root, path));
  if (text === null)
    return { path, action: 'skip', note: 'no such file: add the entries yourself' };
  const doc = parseDocument(text);
  const current: unknown = doc.get(list.key);
  if (current !== undefined && !isSeq(current))
    return {
      path,
      action: 'skip',
      note: `${list.key} is not a list: add ${list.entries.join(', ')}`,
    };
  const have = new Set(
    isSeq(current) ? current.items.map((item) => String(isScalar(item) ? item.value : item)) : [],
  );
  const missing = list.entries.filter((entry) => !have.has(entry));
  if (missing.length === 0) return { path, action: 'unchanged', note: '' };
  const content = isSeq(current)
    ? (() => {
        for (const entry of missing) current.add(doc.createNode(entry));
        return doc.toString();
      })()
    : `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${list.key}:\n${missing.map((entry) => `  - ${entry}`).join('\n')}\n`;
  return { path, action: 'update', note: `adds ${missing.join(', ')} to ${list.key}`, content };
}

function packageScripts(root: string): PlannedFile {
  const path = 'package.json';
  const text = readOrNull(join(root, path));
  let pkg: Record<string, unknown> = {};
  if (text !== null) {
    try {
      pkg = JSON.parse(text) as Record<string, unknown>;
    } catch (cause) {
      throw new UsageError(
        `init: ${join(root, path)} is not valid JSON (${(cause as Error).message})`,
      );
    }
  }
  const scripts = { ...((pkg.scripts as Record<string, string> | undefined) ?? {}) };
  const added: string[] = [];
  const kept: string[] = [];
  for (const [name, command] of Object.entries(PACKAGE_SCRIPTS)) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      added.push(name);
    } else if (scripts[name] !== command) kept.push(name);
  }
  if (added.length === 0)
    return {
      path,
      action: kept.length > 0 ? 'skip' : 'unchanged',
      note: kept.length > 0 ? `scripts ${kept.join(', ')} exist with other commands: kept` : '',
    };
  return {
    path,
    action: text === null ? 'create' : 'update',
    note: `adds scripts ${added.join(', ')}${kept.length > 0 ? `; keeps your ${kept.join(', ')}` : ''}`,
    content: `${JSON.stringify({ ...pkg, scripts }, null, 2)}\n`,
  };
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The folder that holds the running package (`dist/adopt/` -> the package root). */
export function packageRootOf(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new UsageError(`init: cannot find the package root above ${relative('.', dir)}`);
}
