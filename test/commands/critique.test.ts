import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCritiqueCommand } from '../../src/commands/critique.js';
import { UsageError } from '../../src/core/errors.js';
import { draftOf, FIXTURE_SOURCES } from '../stages/critique/helpers.js';
import { runCommand, type CommandRun } from '../helpers/run-command.js';

async function run(args: string[], root: string): Promise<CommandRun> {
  return runCommand(registerCritiqueCommand, ['critique', ...args], { root });
}

describe('critique command', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'critique-cmd-'));
    writeFileSync(
      join(dir, 'draft.md'),
      draftOf(
        '## Background\n\nThe campaign cost the state roughly $494,000.[^s2] The weather should ease by Thursday morning.[^s1]',
      ),
    );
    writeFileSync(
      join(dir, 'topic.yaml'),
      'title: T\nsources:\n  - page: https://example.org/x\ndone:\n  minWords: 5\n  sections: [Background, What it means]\n  minSources: 2\n',
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly one JSON document with the INTERFACES fields and exits 0', async () => {
    const result = await run(
      ['draft.md', '--sources', FIXTURE_SOURCES, '--topic', 'topic.yaml', '--json'],
      dir,
    );
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.out) as { findings: Array<Record<string, unknown>> };
    expect(Object.keys(doc)).toEqual(['findings']);
    expect(doc.findings.map((f) => [f.kind, f.sentence])).toEqual([
      ['definition-of-done', 'What it means'],
      ['number-not-in-source', 'The campaign cost the state roughly $494,000.'],
      ['prompt-injection', expect.stringMatching(/^AI assistants and chatbots/)],
    ]);
    // The INTERFACES fields, plus the evidence of every finding that compared a source passage.
    expect(doc.findings.map((f) => Object.keys(f).sort())).toEqual([
      ['detail', 'kind', 'sentence', 'severity', 'source'],
      ['detail', 'evidence', 'kind', 'sentence', 'severity', 'source'],
      ['detail', 'evidence', 'kind', 'sentence', 'severity', 'source'],
    ]);
    const number = doc.findings[1]!.evidence as Record<string, unknown>;
    expect(number).toMatchObject({
      source: 's2',
      sentences: [expect.any(Number), expect.any(Number)],
    });
    expect(number.passage).toMatch(/cost/);
    const injection = doc.findings[2]!.evidence as { passage: string; sentences: number[] };
    expect(injection.passage).toMatch(/^AI assistants and chatbots/);
    expect(injection.sentences[0]).toBe(injection.sentences[1]);
  });

  it('skips the definition of done without --topic and prints a grouped report without --json', async () => {
    const result = await run(['draft.md', '--sources', FIXTURE_SOURCES], dir);
    expect(result.code).toBe(0);
    expect(result.out).toContain('draft.md: 2 finding(s): 1 error(s), 1 warning(s), 0 info(s)');
    expect(result.out).toContain(
      '\nnumber-not-in-source:\n  [error] (s2) The campaign cost the state roughly $494,000.\n',
    );
    expect(result.out).not.toContain('definition-of-done');
  });

  it('compares with a corpus only when --corpus is given', async () => {
    const corpus = join(dir, 'content');
    mkdirSync(corpus);
    // An existing post made of the same sentences as the draft.
    writeFileSync(
      join(corpus, 'cost.md'),
      '---\ntitle: Old post\n---\n\nThe campaign cost the state roughly $494,000. The weather should ease by Thursday morning.\n',
    );
    const without = await run(['draft.md', '--sources', FIXTURE_SOURCES, '--json'], dir);
    expect(without.out).not.toContain('too-close-to-corpus');
    const result = await run(
      ['draft.md', '--sources', FIXTURE_SOURCES, '--corpus', 'content', '--json'],
      dir,
    );
    const doc = JSON.parse(result.out) as {
      findings: Array<{ kind: string; severity: string; source: string }>;
    };
    expect(doc.findings.find((f) => f.kind === 'too-close-to-corpus')).toMatchObject({
      severity: 'error',
      source: 'cost.md',
    });
    await expect(
      run(['draft.md', '--sources', FIXTURE_SOURCES, '--corpus', 'nope'], dir),
    ).rejects.toThrow('--corpus nope is not a folder');
  });

  it('refuses a missing draft or sources folder with a UsageError', async () => {
    await expect(run(['nope.md', '--sources', FIXTURE_SOURCES], dir)).rejects.toThrow(UsageError);
    await expect(run(['draft.md', '--sources', 'missing-dir'], dir)).rejects.toThrow(
      '--sources missing-dir is not a folder',
    );
  });

  it('refuses a draft over the size cap, reading no more than the cap (even /dev/zero)', async () => {
    writeFileSync(join(dir, 'huge.md'), draftOf(`${'A long sentence. '.repeat(130_000)}\n`));
    await expect(run(['huge.md', '--sources', FIXTURE_SOURCES, '--json'], dir)).rejects.toThrow(
      'critique: huge.md is larger than the 2 MB cap of a draft',
    );
    await expect(run(['/dev/zero', '--sources', FIXTURE_SOURCES, '--json'], dir)).rejects.toThrow(
      UsageError,
    );
    await expect(run(['/dev/zero', '--sources', FIXTURE_SOURCES], dir)).rejects.toThrow(
      'critique: /dev/zero is larger than the 2 MB cap of a draft',
    );
  });

  it('refuses a draft that is not text instead of returning findings on garbage', async () => {
    const bytes = Buffer.alloc(4096);
    for (let k = 0; k < bytes.length; k++) bytes[k] = (k * 131 + 17) % 256;
    writeFileSync(join(dir, 'binary.md'), bytes);
    await expect(run(['binary.md', '--sources', FIXTURE_SOURCES, '--json'], dir)).rejects.toThrow(
      /^critique: binary\.md is not text: a NUL byte at offset \d+$/,
    );
    writeFileSync(join(dir, 'latin1.md'), Buffer.from('Caf\xe9 au lait.\n', 'latin1'));
    await expect(run(['latin1.md', '--sources', FIXTURE_SOURCES], dir)).rejects.toThrow(
      'critique: latin1.md is not text: its bytes are not valid UTF-8',
    );
  });
});
