import { Command } from 'commander';
import type { CommandIO, RegisterCommand } from '../../src/commands/io.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';

/** What a command printed on stdout and the exit code it set (null when it set none). */
export interface CommandRun {
  out: string;
  code: number | null;
}

/**
 * Runs one registered command on a fresh program with a fake io, as `cli.ts` would.
 *
 * @param register The command's register function.
 * @param args The command line after the program name, e.g. `['extract', 'a.html', '--json']`.
 * @param options Project root and environment of the fake io.
 */
export async function runCommand(
  register: RegisterCommand,
  args: string[],
  options: { root: string; env?: Record<string, string> },
): Promise<CommandRun> {
  const run: CommandRun = { out: '', code: null };
  const io: CommandIO = {
    out: (text) => void (run.out += text),
    logger: SILENT_LOGGER,
    root: options.root,
    env: options.env ?? {},
    setExitCode: (code) => void (run.code = code),
  };
  const program = new Command().exitOverride();
  register(program, io);
  await program.parseAsync(args, { from: 'user' });
  return run;
}
