import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { readTextFile } from '../core/text-file.js';
import { loadTopic } from '../core/topic.js';
import { critique } from '../stages/critique/checks/index.js';
import { loadSourcesDir } from '../stages/critique/parse/load-sources.js';
import { loadCorpus } from '../corpus/index.js';
import type { CritiqueInput, Finding } from '../stages/critique/types.js';
import { cwdOf, type RegisterCommand } from './io.js';

/**
 * Largest draft read, in bytes. A draft is tens of KB; a 2 MB one already overflowed the checks'
 * stack, and `/dev/zero` made the read hang.
 */
export const MAX_DRAFT_BYTES = 2 * 1024 * 1024;

interface CritiqueOptions {
  sources: string;
  topic?: string;
  corpus?: string;
  json?: boolean;
}

/**
 * `critique <draft.md> --sources <dir> [--topic <file>] [--corpus <dir>] [--json]`: runs the deterministic
 * critique on a draft file. Prints `{"findings":[{kind,severity,sentence,source,detail}]}` with
 * `--json` (plus `evidence`, the source passage compared, on findings that compared one), a report
 * grouped by kind otherwise. Exit code 0 whenever the critique ran (findings
 * are a result, not a failure); 2 for a missing draft or sources folder, a draft over
 * {@link MAX_DRAFT_BYTES} or not UTF-8 text, or a bad topic file.
 */
export const registerCritiqueCommand: RegisterCommand = (program, io) => {
  program
    .command('critique')
    .description(
      'check a draft against its sources (citations, quotes, figures, injections, definition of done)',
    )
    .argument('<draft>', 'draft file (Markdown with YAML frontmatter)')
    .requiredOption('--sources <dir>', 'folder of <id>.md sources, as in a run folder')
    .option('--topic <file>', 'topic file whose done block is checked (definition-of-done)')
    .option(
      '--corpus <dir>',
      'content folder to compare the draft with (too-close-to-corpus); none by default',
    )
    .option(
      '--json',
      'print one JSON document {"findings":[...]} on stdout (each with the source passage it compared, as "evidence", when there is one)',
    )
    .action(async (draftPath: string, options: CritiqueOptions) => {
      const draftFile = resolve(cwdOf(io), draftPath);
      if (!existsSync(draftFile))
        throw new UsageError(`critique: no such draft file: ${draftPath}`);
      const sourcesDir = resolve(cwdOf(io), options.sources);
      if (!existsSync(sourcesDir) || !statSync(sourcesDir).isDirectory()) {
        throw new UsageError(`critique: --sources ${options.sources} is not a folder`);
      }
      // Bounded, and text only: findings on binary bytes are garbage reported as a result.
      const draft = readTextFile(draftFile, MAX_DRAFT_BYTES);
      if (!draft.ok)
        throw new UsageError(
          `critique: ${draftPath} ${draft.reason.replace(/cap$/, 'cap of a draft')}`,
        );
      const input: CritiqueInput = {
        draft: draft.text,
        sources: loadSourcesDir(sourcesDir),
      };
      if (options.topic !== undefined)
        input.done = loadTopic(resolve(cwdOf(io), options.topic)).done;
      if (options.corpus !== undefined) {
        const corpusDir = resolve(cwdOf(io), options.corpus);
        if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) {
          throw new UsageError(`critique: --corpus ${options.corpus} is not a folder`);
        }
        // No cache folder: a one-off check must not write an index next to someone's content.
        input.corpus = await loadCorpus(corpusDir, { logger: io.logger });
      }
      io.logger.info(
        `critique ${draftPath}: ${input.sources.length} source(s) from ${options.sources}`,
      );
      const { findings } = critique(input);
      io.out(options.json ? `${JSON.stringify({ findings })}\n` : reportOf(draftPath, findings));
      io.setExitCode(0);
    });
};

/** Findings grouped by kind, readable in a terminal. */
function reportOf(draftPath: string, findings: Finding[]): string {
  if (findings.length === 0) return `${draftPath}: no findings\n`;
  const counts = (['error', 'warning', 'info'] as const)
    .map((severity) => `${findings.filter((f) => f.severity === severity).length} ${severity}(s)`)
    .join(', ');
  const lines = [`${draftPath}: ${findings.length} finding(s): ${counts}`];
  const kinds = [...new Set(findings.map((f) => f.kind))];
  for (const kind of kinds) {
    lines.push('', `${kind}:`);
    for (const finding of findings.filter((f) => f.kind === kind)) {
      lines.push(
        `  [${finding.severity}]${finding.source ? ` (${finding.source})` : ''} ${finding.sentence}`,
      );
      lines.push(`      ${finding.detail}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
