import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { detectGenerator } from '../../src/adopt/detect.js';
import { applyInit, planInit } from '../../src/adopt/init-plan.js';
import { registerInitCommand } from '../../src/commands/init.js';
import { CONFIG_FILE, loadConfig } from '../../src/core/config.js';
import { UsageError } from '../../src/core/errors.js';
import { REPO_ROOT } from '../helpers/example-copy.js';
import { runCommand } from '../helpers/run-command.js';

function site(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'site-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('detectGenerator', () => {
  it('reads the generator from config files, then package.json, then older hints', () => {
    expect(detectGenerator(site({ 'hugo.toml': 'baseURL = "x"' }))).toEqual({
      generator: 'hugo',
      evidence: 'hugo.toml',
    });
    expect(detectGenerator(site({ 'config.toml': 'baseURL = "https://x.org/"\n' })).generator).toBe(
      'hugo',
    );
    expect(detectGenerator(site({ '_config.yml': 'title: x' })).generator).toBe('jekyll');
    expect(detectGenerator(site({ Gemfile: 'gem "jekyll", "~> 4.3"' })).generator).toBe('jekyll');
    expect(detectGenerator(site({ 'astro.config.mjs': 'export default {}' })).generator).toBe(
      'astro',
    );
    expect(
      detectGenerator(site({ 'package.json': '{"devDependencies":{"@11ty/eleventy":"^3.0.0"}}' })),
    ).toEqual({ generator: 'eleventy', evidence: 'package.json: @11ty/eleventy' });
    expect(
      detectGenerator(site({ 'package.json': '{"dependencies":{"astro":"^5"}}' })).generator,
    ).toBe('astro');
    expect(detectGenerator(site({ 'README.md': '# hi' })).generator).toBe('plain');
  });
});

describe('init', () => {
  it('writes a valid config for each preset, the example topic, ignore lines and scripts; a second run changes nothing', () => {
    for (const generator of ['hugo', 'jekyll', 'astro', 'eleventy', 'plain'] as const) {
      const root = site({
        'package.json': '{"name":"my-site","scripts":{"build":"x"}}\n',
        '_config.yml': 'title: blog # the site\nexclude:\n  - README.md\n',
      });
      const plan = planInit({ root, generator, packageRoot: REPO_ROOT });
      expect(plan.every((file) => file.action === 'create' || file.action === 'update')).toBe(true);
      applyInit(root, plan);
      const config = loadConfig(root);
      expect(config.generator).toBe(generator);
      expect(readFileSync(join(root, 'pipelines', 'example.yaml'), 'utf8')).toBe(
        readFileSync(join(REPO_ROOT, 'pipelines', 'example.yaml'), 'utf8'),
      );
      expect(readFileSync(join(root, '.gitignore'), 'utf8')).toBe('.pipeline/\n');
      // The workflows call the CLI through scripts/cli.sh: in a site, the installed package.
      expect(readFileSync(join(root, 'scripts', 'cli.sh'), 'utf8')).toContain(
        '${PIPELINE_CLI:-npx --no-install research-draft}',
      );
      // The workflows carry the preset's folders, the scripts and the PR's paths read them.
      const flow = parse(
        readFileSync(join(root, '.github', 'workflows', 'pipeline.yml'), 'utf8'),
      ) as {
        env: Record<string, string>;
      };
      expect(flow.env).toMatchObject({
        PENDING_DIR: config.pending,
        REJECTED_DIR: config.rejected,
        PUBLISHED_DIR: config.published[0],
        COSTS_DIR: config.costs,
      });
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        name: string;
        scripts: Record<string, string>;
      };
      expect(pkg).toEqual({
        name: 'my-site',
        scripts: { build: 'x', pipeline: 'research-draft run', cli: 'research-draft' },
      });
      if (generator === 'jekyll')
        // Jekyll copies every file into _site/: the pipeline's files join its exclude list.
        expect(readFileSync(join(root, '_config.yml'), 'utf8')).toBe(
          'title: blog # the site\nexclude:\n  - README.md\n  - pipelines/\n  - scripts/\n  - package.json\n  - package-lock.json\n',
        );
      const again = planInit({ root, generator, packageRoot: REPO_ROOT });
      expect(
        again.filter((file) => file.action !== 'unchanged'),
        generator,
      ).toEqual([]);
    }
  });

  it('keeps what the user edited, adds only missing lines, and keeps their scripts', () => {
    const root = site({
      [CONFIG_FILE]: 'generator: hugo\npublished: [content/blog]\n',
      '.gitignore': 'node_modules\n.pipeline',
      '.eleventyignore': 'README.md\n',
      'package.json': '{"scripts":{"pipeline":"my-own-thing"}}',
    });
    const plan = planInit({ root, generator: 'eleventy', packageRoot: REPO_ROOT });
    const byPath = Object.fromEntries(plan.map((file) => [file.path, file]));
    expect(byPath[CONFIG_FILE]).toMatchObject({ action: 'skip' });
    expect(byPath['.gitignore']).toMatchObject({ action: 'unchanged' });
    expect(byPath['.eleventyignore']).toMatchObject({
      action: 'update',
      note: 'adds drafts/, .pipeline/, pipelines/',
    });
    expect(byPath['package.json']).toMatchObject({
      action: 'update',
      note: 'adds scripts cli; keeps your pipeline',
    });
    applyInit(root, plan);
    expect(readFileSync(join(root, CONFIG_FILE), 'utf8')).toBe(
      'generator: hugo\npublished: [content/blog]\n',
    );
    expect(readFileSync(join(root, '.eleventyignore'), 'utf8')).toBe(
      'README.md\ndrafts/\n.pipeline/\npipelines/\n',
    );
  });

  it('the command detects the generator, --dry-run writes nothing, and a bad preset is a usage error', async () => {
    const root = site({ '_config.yml': 'title: blog\n' });
    const dry = await runCommand(registerInitCommand, ['init', '--dry-run'], { root });
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('would set up for jekyll (_config.yml)');
    expect(dry.out).toMatch(/would create\s+\.research-draft\.yaml/);
    expect(() => loadConfig(root)).not.toThrow();
    expect(loadConfig(root).file).toBeNull();
    const done = await runCommand(registerInitCommand, ['init', '--json'], { root });
    const result = JSON.parse(done.out) as { generator: string; files: Array<{ action: string }> };
    expect(result.generator).toBe('jekyll');
    expect(loadConfig(root).published).toEqual(['_posts']);
    expect(loadConfig(root).fileName).toBe('{date}-{slug}.md');
    const second = await runCommand(registerInitCommand, ['init', '--json'], { root });
    expect(
      (JSON.parse(second.out) as { files: Array<{ action: string }> }).files.map((f) => f.action),
    ).toEqual(result.files.map(() => 'unchanged'));
    await expect(
      runCommand(registerInitCommand, ['init', '--preset', 'gatsby'], { root }),
    ).rejects.toThrow(UsageError);
  });
});
