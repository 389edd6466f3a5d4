import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/** Where a command writes: only `cli.ts` binds these to the console. */
export interface CommandIO {
  /** Writes to standard output (the `--json` document goes here, nothing else). */
  out(text: string): void;
  /** Operator logs (stderr), leveled. */
  logger: Logger;
  /**
   * Project root: found by walking up from the current folder (`findProjectRoot`); reading it
   * throws a UsageError when there is none, so only commands that need a project fail without one.
   */
  readonly root: string;
  /** The folder the command runs in: file arguments are relative to it (default: `root`). */
  cwd?: string;
  /** Environment variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** Sets the process exit code (the CLI exits with it when the action resolves). */
  setExitCode(code: number): void;
}

/** The folder file arguments of a command are relative to: `io.cwd`, else the project root. */
export function cwdOf(io: CommandIO): string {
  return io.cwd ?? io.root;
}

/**
 * The project root, or null when the command runs outside any project (for commands that work
 * on plain files and only use the project for a cache).
 */
export function projectRootOrNull(io: CommandIO): string | null {
  try {
    return io.root;
  } catch (error) {
    if (error instanceof UsageError) return null;
    throw error;
  }
}

/** A command module registers its subcommand on the program. */
export type RegisterCommand = (program: Command, io: CommandIO) => void;
