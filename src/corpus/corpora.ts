import { createHash } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { corpusFoldersOf, type ProjectConfig } from '../core/config.js';
import { readLedger } from '../core/ledger.js';
import type { Logger } from '../core/logger.js';
import { loadCorpus } from './load-corpus.js';
import type { CorpusIndex, CorpusMatch } from './types.js';

/** Options of {@link loadProjectCorpus}. */
export interface ProjectCorpusOptions {
  /** `.pipeline/cache/`: each folder keeps its index under it. */
  cacheDir: string;
  logger?: Logger;
}

/**
 * The corpus of a project: every folder its config names (published, pending, rejected and the
 * extra corpus folders, without overlaps), each with its own persistent index, read as one, plus
 * the ledger's sources as used. With one folder (this repository's `content/`) it is that
 * folder's index, and matches are named relative to it as they always were; with several, a match
 * is named relative to the project root (`_posts/2026-01-02-x.md`).
 *
 * @param config The project config.
 * @param options Cache folder and logger.
 */
export async function loadProjectCorpus(
  config: ProjectConfig,
  options: ProjectCorpusOptions,
): Promise<CorpusIndex> {
  const folders = corpusFoldersOf(config);
  const logger = options.logger ? { logger: options.logger } : {};
  let index: CorpusIndex & UsedSources;
  if (folders.length === 1) {
    index = await loadCorpus(folders[0]!, {
      cacheDir: cacheDirOf(config, folders[0]!, options),
      ...logger,
    });
  } else {
    const parts: Array<{ prefix: string; index: CorpusIndex }> = [];
    for (const folder of folders) {
      const part = await loadCorpus(folder, {
        cacheDir: cacheDirOf(config, folder, options),
        ...logger,
      });
      parts.push({ prefix: relative(config.root, folder).split('\\').join('/'), index: part });
    }
    index = new CombinedCorpusIndex(parts);
  }
  // The ledger's sources count as used, named by their post's path from the project root.
  const { entries, problems } = readLedger(resolve(config.root, config.ledger));
  for (const problem of problems) options.logger?.warn(`corpus: ledger line skipped: ${problem}`);
  for (const entry of entries)
    for (const source of entry.sources) index.addUsed(source, entry.path);
  return index;
}

/** An index that can record a source as used by a post it does not read it from. */
interface UsedSources {
  addUsed(source: { url?: string; sha256?: string }, file: string): void;
}

// The default layout's single folder keeps the cache folder it always had; any other folder gets
// one of its own, so that two folders never replace each other's index.
function cacheDirOf(config: ProjectConfig, folder: string, options: ProjectCorpusOptions): string {
  if (folder === resolve(config.root, 'content')) return options.cacheDir;
  const name = relative(config.root, folder).replace(/[^A-Za-z0-9._-]+/g, '-');
  const hash = createHash('sha256').update(folder).digest('hex').slice(0, 8);
  return join(options.cacheDir, 'corpora', `${name}-${hash}`);
}

/** Several folders' indexes read as one: the best match of any, named with its folder. */
export class CombinedCorpusIndex implements CorpusIndex {
  readonly size: number;
  readonly usedUrls: ReadonlyMap<string, string>;
  readonly usedHashes: ReadonlyMap<string, string>;
  private readonly urls = new Map<string, string>();
  private readonly hashes = new Map<string, string>();

  /** @param parts Each folder's index and its path relative to the project root. */
  constructor(private readonly parts: ReadonlyArray<{ prefix: string; index: CorpusIndex }>) {
    this.size = parts.reduce((sum, part) => sum + part.index.size, 0);
    for (const { prefix, index } of parts) {
      for (const [url, file] of index.usedUrls) this.addUsed({ url }, `${prefix}/${file}`);
      for (const [sha256, file] of index.usedHashes) this.addUsed({ sha256 }, `${prefix}/${file}`);
    }
    this.usedUrls = this.urls;
    this.usedHashes = this.hashes;
  }

  /**
   * Records a source as used by a file (a path from the project root); the first file stays.
   *
   * @param source The source's URL and/or text sha256.
   * @param file The post that used it.
   */
  addUsed(source: { url?: string; sha256?: string }, file: string): void {
    if (source.url !== undefined && !this.urls.has(source.url)) this.urls.set(source.url, file);
    const hash = source.sha256?.toLowerCase();
    if (hash !== undefined && !this.hashes.has(hash)) this.hashes.set(hash, file);
  }

  nearest(
    text: string,
    thresholds?: { jaccard?: number; containment?: number },
  ): CorpusMatch | null {
    return this.best((index) => index.nearest(text, thresholds));
  }

  closest(text: string): CorpusMatch | null {
    return this.best((index) => index.closest(text));
  }

  // The match furthest over its threshold, named from the project root.
  private best(find: (index: CorpusIndex) => CorpusMatch | null): CorpusMatch | null {
    let best: CorpusMatch | null = null;
    for (const { prefix, index } of this.parts) {
      const match = find(index);
      if (match && (!best || match.similarity / match.threshold > best.similarity / best.threshold))
        best = { ...match, id: `${prefix}/${match.id}` };
    }
    return best;
  }
}
