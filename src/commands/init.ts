import { detectGenerator } from '../adopt/detect.js';
import { applyInit, packageRootOf, planInit } from '../adopt/init-plan.js';
import { PRESETS } from '../adopt/presets.js';
import { GENERATORS, type Generator } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { cwdOf, type RegisterCommand } from './io.js';

interface InitFlags {
  preset?: string;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * `init [--preset hugo|jekyll|astro|eleventy|plain] [--dry-run]`: adds the pipeline to a site
 * (see `planInit`). Without `--preset` the generator is detected from the site's files.
 */
export const registerInitCommand: RegisterCommand = (program, io) => {
  program
    .command('init')
    .description(
      'add the pipeline to this site: the project config for its generator, an offline example topic, the workflows, .gitignore lines and the pipeline/cli scripts; never overwrites a file you edited',
    )
    .option(
      '--preset <generator>',
      `${GENERATORS.join(' | ')} (default: detected from the site's files)`,
    )
    .option('--dry-run', 'print what would be written, write nothing')
    .option('--json', 'print {"generator","evidence","files":[{"path","action","note"}]}')
    .action((flags: InitFlags) => {
      if (flags.preset !== undefined && !(GENERATORS as readonly string[]).includes(flags.preset))
        throw new UsageError(
          `init: --preset must be one of ${GENERATORS.join(', ')} (got "${flags.preset}")`,
        );
      // The site is the folder init runs in: before init, nothing marks it as a project.
      const root = cwdOf(io);
      const detected = flags.preset
        ? { generator: flags.preset as Generator, evidence: '--preset' }
        : detectGenerator(root);
      const plan = planInit({
        root,
        generator: detected.generator,
        packageRoot: packageRootOf(import.meta.url),
      });
      if (!flags.dryRun) applyInit(root, plan);
      if (flags.json) {
        const files = plan.map(({ path, action, note }) => ({ path, action, note }));
        io.out(`${JSON.stringify({ ...detected, dryRun: flags.dryRun === true, files })}\n`);
      } else {
        io.out(
          `${flags.dryRun ? 'would set up' : 'set up'} for ${detected.generator} (${detected.evidence}): ${PRESETS[detected.generator].whyUnpublished}\n`,
        );
        for (const file of plan) {
          const verb =
            flags.dryRun && file.action !== 'unchanged' ? `would ${file.action}` : file.action;
          io.out(`  ${verb.padEnd(14)} ${file.path}${file.note ? `: ${file.note}` : ''}\n`);
        }
        if (!flags.dryRun)
          io.out('next: npm run pipeline example (offline), then commit what init wrote\n');
      }
      io.setExitCode(0);
    });
};
