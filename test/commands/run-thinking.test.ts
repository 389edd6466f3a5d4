import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerRunCommand } from '../../src/commands/run.js';
import type { CommandIO } from '../../src/commands/io.js';
import { UsageError } from '../../src/core/errors.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import type { ClaudeFactory } from '../../src/engines/choose.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Runs `run t <args>` in a project whose topic has `extra` appended; the engine is never built. */
async function asked(extra: string, args: string[]): Promise<Parameters<ClaudeFactory>[0]> {
  const root = mkdtempSync(join(tmpdir(), 'run-thinking-'));
  roots.push(root);
  mkdirSync(join(root, 'pipelines'));
  writeFileSync(
    join(root, 'pipelines', 't.yaml'),
    `title: T\nsources:\n  - page: https://example.org/a\n${extra}`,
  );
  const io: CommandIO = {
    out: () => {},
    logger: SILENT_LOGGER,
    root,
    env: { ANTHROPIC_API_KEY: 'sk-ant-test-key' },
    setExitCode: () => {},
  };
  let options: Parameters<ClaudeFactory>[0] | undefined;
  const stop = new Error('stop: the engine options are all this test needs');
  const program = new Command().exitOverride();
  registerRunCommand(program, io, {
    claude: (given) => {
      options = given;
      return Promise.reject(stop);
    },
  });
  await expect(program.parseAsync(['run', 't', ...args, '--quiet'], { from: 'user' })).rejects.toBe(
    stop,
  );
  return options!;
}

describe('run --thinking-effort', () => {
  it("reaches the Claude engine, over the topic's thinking.effort", async () => {
    expect((await asked('thinking: { effort: low }\n', [])).thinking).toEqual({ effort: 'low' });
    expect(
      (await asked('thinking: { effort: low }\n', ['--thinking-effort', 'medium'])).thinking,
    ).toEqual({ effort: 'medium' });
  });

  it('is refused with --batch, whose request takes the stage defaults', async () => {
    const root = mkdtempSync(join(tmpdir(), 'run-thinking-'));
    roots.push(root);
    const io: CommandIO = {
      out: () => {},
      logger: SILENT_LOGGER,
      root,
      env: {},
      setExitCode: () => {},
    };
    const program = new Command().exitOverride();
    registerRunCommand(program, io, {});
    const run = program.parseAsync(['run', 't', '--batch', '--thinking-effort', 'high'], {
      from: 'user',
    });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow('--thinking-effort cannot be used with --batch');
  });
});
