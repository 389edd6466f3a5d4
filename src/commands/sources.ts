import { loadConfig } from '../core/config.js';
import { join, resolve } from 'node:path';
import { Budget } from '../core/budget.js';
import type { StageContext } from '../core/context.js';
import { loadTopic, type Topic } from '../core/topic.js';
import { resolveSources } from '../stages/fetch/index.js';
import type { ResolveOutput } from '../stages/fetch/types.js';
import type { CommandIO, RegisterCommand } from './io.js';

interface SourcesOptions {
  json?: boolean;
}

/**
 * Builds a stage context for a command that runs outside a pipeline run: no run folder is
 * written, the cache is the project's `.pipeline/cache/`.
 *
 * @param topic The validated topic.
 * @param io The command's I/O (root, logger, environment).
 * @param now The clock (default: the system clock).
 */
export function commandContextOf(
  topic: Topic,
  io: CommandIO,
  now: () => Date = () => new Date(),
): StageContext {
  const stamp = now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
  const runId = `${stamp}-${topic.name}`;
  const pipelineDir = join(io.root, '.pipeline');
  return {
    topic,
    root: io.root,
    runId,
    runDir: join(pipelineDir, 'runs', runId),
    cacheDir: join(pipelineDir, 'cache'),
    contentDir: join(io.root, 'content'),
    config: loadConfig(io.root),
    logger: io.logger,
    now,
    env: io.env,
    budget: new Budget(topic.budget.usd),
    net: {},
  };
}

/**
 * `sources <topic> [--json]`: resolves the topic's feeds, sitemaps, pages, files and `search:`
 * sources (a dry run: the configured provider is asked, the result pages are not fetched) into the
 * items a run would fetch, without fetching them. `--json` prints
 * `{"items":[{"url","title","published","from"}],"errors":[{"source","error"}]}`; without it, a
 * table per source. Exit code 0 when every source resolved, 1 when some could not (they are
 * listed), 2 for an unknown or invalid topic.
 */
export const registerSourcesCommand: RegisterCommand = (program, io) => {
  program
    .command('sources')
    .description(
      'list the items a topic would fetch (feeds, sitemaps, pages, files, search: results from the configured provider), without fetching them',
    )
    .argument('<topic>', 'topic name in pipelines/ or path to a topic file')
    .option('--json', 'print one JSON document {"items":[...],"errors":[...]} on stdout')
    .action(async (topicArg: string, options: SourcesOptions) => {
      const topic = loadTopic(topicArg, resolve(io.root, 'pipelines'));
      const ctx = commandContextOf(topic, io);
      io.logger.info(`sources ${topic.name}: resolving ${topic.sources.length} source(s)`);
      const resolved = await resolveSources(topic.sources, ctx);
      if (options.json) {
        const items = resolved.items.map(({ url, title, published, from }) => ({
          url,
          title,
          published,
          from,
        }));
        io.out(`${JSON.stringify({ items, errors: resolved.errors })}\n`);
      } else {
        io.out(tableOf(resolved));
      }
      io.setExitCode(resolved.errors.length > 0 ? 1 : 0);
    });
};

/** Items grouped by where they came from, then the errors; readable in a terminal. */
function tableOf(resolved: ResolveOutput): string {
  const lines: string[] = [];
  const froms = [...new Set(resolved.items.map((item) => item.from))];
  for (const from of froms) {
    const items = resolved.items.filter((item) => item.from === from);
    lines.push(`${from} (${items.length} item${items.length === 1 ? '' : 's'})`);
    for (const item of items) {
      const date = item.published ? item.published.slice(0, 10) : '----------';
      const title = item.title ?? '(no title)';
      lines.push(
        `  ${date}  ${title.length > 70 ? `${title.slice(0, 69)}…` : title.padEnd(70)}  ${item.url}`,
      );
    }
    lines.push('');
  }
  lines.push(
    `${resolved.items.length} item(s) from ${froms.length} source(s), ${resolved.errors.length} error(s)`,
  );
  for (const error of resolved.errors) lines.push(`  error  ${error.source}: ${error.error}`);
  return `${lines.join('\n')}\n`;
}
