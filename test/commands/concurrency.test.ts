import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample } from '../helpers/example-copy.js';
import { CLI, spawnCli } from '../helpers/spawn-cli.js';

/**
 * Promote/reject pairs raced in the test: 30 pairs (60 Node processes) took 92 s on the 2 shared
 * cores of the development machine (load average 65), so the 30-pair figure is
 * `npm run bench:move-race` and the test races fewer.
 */
const PAIRS = 10;

const DRAFT = `---
title: City heat
status: pending
sources:
  - id: s1
    url: https://example.org/a
---

A sentence.[^s1]

[^s1]: [A](https://example.org/a)
`;

describe.skipIf(!existsSync(CLI))(
  'concurrent commands (real processes, dist/cli.js)',
  { timeout: 180_000 },
  () => {
    it('two runs of the example at once propose one draft', async () => {
      const root = copyExample();
      const [a, b] = await Promise.all([
        spawnCli(['run', 'example', '--json', '-q'], root),
        spawnCli(['run', 'example', '--json', '-q'], root),
      ]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      const outcomes = [a, b].map((r) => (JSON.parse(r.stdout) as { outcome: string }).outcome);
      expect(outcomes.sort()).toEqual(['drafted', 'nothing-new']);
      expect(readdirSync(join(root, 'content', 'pending'))).toHaveLength(1);
      expect(existsSync(join(root, '.pipeline', 'lock'))).toBe(false);
    });

    it(`${PAIRS} promote/reject pairs of the same drafts at once leave each draft in one place`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'race-'));
      writeFileSync(join(root, 'package.json'), '{}');
      mkdirSync(join(root, 'pipelines'));
      mkdirSync(join(root, 'content', 'pending'), { recursive: true });
      const names = Array.from({ length: PAIRS }, (_, i) => `draft-${i}.md`);
      for (const name of names) writeFileSync(join(root, 'content', 'pending', name), DRAFT);
      const results = await Promise.all(
        names.flatMap((name) => [
          spawnCli(['promote', `content/pending/${name}`], root),
          spawnCli(['reject', `content/pending/${name}`, '--reason', 'race'], root),
        ]),
      );
      for (const name of names) {
        const places = ['pending', 'posts', '.rejected'].filter((folder) =>
          existsSync(join(root, 'content', folder, name)),
        );
        expect(places, name).toHaveLength(1);
        expect(places[0], name).not.toBe('pending');
      }
      // Per pair, one command moved the draft (exit 0), the other found it gone (exit 2).
      const codes = results.map((r) => r.code);
      expect(codes.filter((code) => code === 0)).toHaveLength(PAIRS);
      expect(codes.filter((code) => code === 2)).toHaveLength(PAIRS);
      expect(results.map((r) => r.stderr).join('')).not.toMatch(/lock .*locked by/);
    });
  },
);
