import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample } from '../helpers/example-copy.js';
import { CLI, spawnCli } from '../helpers/spawn-cli.js';

describe.skipIf(!existsSync(CLI))(
  'the project root of a command (dist/cli.js)',
  { timeout: 180_000 },
  () => {
    it('is refused from a folder above the project: nothing read or written there', async () => {
      const parent = mkdtempSync(join(tmpdir(), 'parent-'));
      const site = join(parent, 'site');
      cpSync(copyExample(), site, { recursive: true });
      // A file beside the site, that a topic could name once the root is taken to be `parent`.
      writeFileSync(join(parent, 'outside.html'), '<html><body><p>Not the site.</p></body></html>');
      const result = await spawnCli(['run', 'site/pipelines/example.yaml'], parent);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `no project root: no folder from ${parent} up holds both package.json and pipelines/`,
      );
      expect(readdirSync(parent).sort()).toEqual(['outside.html', 'site']);
      expect(existsSync(join(site, '.pipeline'))).toBe(false);
    });

    it('is found from a folder inside the project: the draft lands in its content/pending/', async () => {
      const root = copyExample();
      const result = await spawnCli(['run', 'example', '-q'], join(root, 'content', 'posts'));
      expect(result.code, result.stderr).toBe(0);
      expect(readdirSync(join(root, 'content', 'pending'))).toHaveLength(1);
      expect(existsSync(join(root, 'content', 'posts', 'content'))).toBe(false);
      expect(existsSync(join(root, 'content', 'posts', '.pipeline'))).toBe(false);
    });

    it('promote takes draft paths relative to the folder it runs in', async () => {
      const root = copyExample();
      expect((await spawnCli(['run', 'example', '-q'], root)).code).toBe(0);
      const [draft] = readdirSync(join(root, 'content', 'pending'));
      const result = await spawnCli(['promote', draft!], join(root, 'content', 'pending'));
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(join(root, 'content', 'posts', draft!))).toBe(true);
    });
  },
);
