import type { Command } from 'commander';
import type { Logger } from '../core/logger.js';

/** Where a command writes: only `cli.ts` binds these to the console. */
export interface CommandIO {
  /** Writes to standard output (the `--json` document goes here, nothing else). */
  out(text: string): void;
  /** Operator logs (stderr), leveled. */
  logger: Logger;
  /** Project root (the current directory). */
  root: string;
  /** Environment variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** Sets the process exit code (the CLI exits with it when the action resolves). */
  setExitCode(code: number): void;
}

/** A command module registers its subcommand on the program. */
export type RegisterCommand = (program: Command, io: CommandIO) => void;
