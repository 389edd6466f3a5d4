import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { registerPromoteCommand } from '../../src/commands/promote.js';
import { runCommand } from '../helpers/run-command.js';

const DRAFT = `---
title: City heat
status: pending
---

A sentence.
`;

function project(): { root: string; outside: string } {
  const outside = mkdtempSync(join(tmpdir(), 'outside-'));
  const root = mkdtempSync(join(tmpdir(), 'editorial-'));
  mkdirSync(join(root, 'content', 'pending'), { recursive: true });
  writeFileSync(join(root, 'content', 'pending', 'city-heat.md'), DRAFT);
  return { root, outside };
}

describe('promote stays inside the project', () => {
  it('refuses a symlink in content/pending/ to a file outside (exit 2), moving nothing', async () => {
    const { root, outside } = project();
    writeFileSync(join(outside, 'secret.md'), DRAFT);
    symlinkSync(join(outside, 'secret.md'), join(root, 'content', 'pending', 'secret.md'));
    const result = await runCommand(
      registerPromoteCommand,
      ['promote', 'content/pending/secret.md', '--json'],
      { root },
    );
    expect(result.code).toBe(2);
    const { errors } = JSON.parse(result.out) as { errors: Array<{ error: string }> };
    expect(errors[0]!.error).toContain('refused: a symbolic link');
    expect(existsSync(join(root, 'content', 'posts', 'secret.md'))).toBe(false);
    expect(existsSync(join(outside, 'secret.md'))).toBe(true);
  });

  it('refuses --to outside content/ or into pending/ (usage error), moving nothing', async () => {
    const { root, outside } = project();
    for (const to of [outside, '../elsewhere', 'content/pending', 'content/.rejected/x']) {
      const attempt = runCommand(
        registerPromoteCommand,
        ['promote', 'content/pending/city-heat.md', '--to', to],
        { root },
      );
      await expect(attempt, to).rejects.toThrow(UsageError);
      await expect(attempt, to).rejects.toThrow(
        /^promote: --to .+: (outside content\/|inside content\/)/,
      );
    }
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(root, 'content', 'pending', 'city-heat.md'))).toBe(true);
  });

  it('refuses a --to folder that leads outside through a symlink', async () => {
    const { root, outside } = project();
    symlinkSync(outside, join(root, 'content', 'blog'));
    await expect(
      runCommand(
        registerPromoteCommand,
        ['promote', 'content/pending/city-heat.md', '--to', 'content/blog'],
        {
          root,
        },
      ),
    ).rejects.toThrow('promote: --to content/blog: leads outside content/ through a symbolic link');
    expect(readdirSync(outside)).toEqual([]);
  });
});
