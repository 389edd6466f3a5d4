import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/run-record.js';
import { REPO_ROOT } from '../helpers/example-copy.js';

// Hugo from Debian's package (.ci/run installs it); without it this adoption test cannot run.
const hasHugo = spawnSync('hugo', ['version']).status === 0;
if (!hasHugo)
  console.warn('hugo not found (apt-get install hugo): the Hugo adoption test is skipped');

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ANTHROPIC_API_KEY: '', NODE_OPTIONS: '' },
    timeout: 240_000,
  });
  if (result.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`,
    );
  return result;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// The published post the example's heat-health page repeats, as a Hugo page bundle with TOML.
const PUBLISHED = readFileSync(
  join(REPO_ROOT, 'content', 'posts', '2026-07-09-shade-as-public-health-kellerton.md'),
  'utf8',
).replace(/^---\n[\s\S]*?\n---\n/, '');

const LAYOUT = '<html><body>{{ block "main" . }}{{ end }}</body></html>';

describe.skipIf(!hasHugo)(
  'adoption in a real Hugo site (npm pack, install, init, run, build, promote)',
  () => {
    it(
      'drops the published bundle’s page, never builds the pending draft, publishes on promote, then proposes nothing',
      { timeout: 600_000 },
      () => {
        const work = mkdtempSync(join(tmpdir(), 'hugo-adopt-'));
        // The tarball of this repository as `npm pack` makes it (dist/ is built by the test run).
        const packed = run(
          'npm',
          ['pack', '--ignore-scripts', '--pack-destination', work, '--json'],
          REPO_ROOT,
        );
        const tarball = join(
          work,
          (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename,
        );
        const site = join(work, 'site');
        run('hugo', ['new', 'site', site], work);
        for (const [path, text] of Object.entries({
          'layouts/_default/baseof.html': LAYOUT,
          'layouts/_default/single.html':
            '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}',
          'layouts/_default/list.html':
            '{{ define "main" }}{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}',
          'content/posts/shade-as-public-health/index.md': `+++\ntitle = "Shade as public health"\ndate = 2026-07-09\n+++\n\n${PUBLISHED}`,
          // The post uses shortcodes, as real Hugo posts do.
          'layouts/shortcodes/note.html': '<aside>{{ .Inner }}</aside>',
          'layouts/shortcodes/related.html': '<aside>related</aside>',

          'package.json': '{ "name": "hugo-site", "private": true }\n',
        })) {
          mkdirSync(join(site, path, '..'), { recursive: true });
          writeFileSync(join(site, path), text);
        }
        run(
          'npm',
          ['install', '--save-dev', tarball, '--prefer-offline', '--no-audit', '--no-fund'],
          site,
        );
        const init = run('npx', ['--no-install', 'research-draft', 'init'], site);
        // Hugo 0.111 writes config.toml, later versions hugo.toml: either is detected.
        expect(init.stdout).toMatch(/set up for hugo \((hugo|config)\.toml\)/);

        const first = JSON.parse(
          run('npx', ['--no-install', 'research-draft', 'run', 'example', '--json', '-q'], site)
            .stdout,
        ) as RunRecord & {
          details: { drops: Array<{ reason: string; duplicateOf: string; url: string }> };
        };
        expect(first.outcome).toBe('drafted');
        expect(first.draft!.path.startsWith('drafts/pending/')).toBe(true);
        expect(first.details.drops).toContainEqual(
          expect.objectContaining({
            reason: 'duplicate-of-corpus',
            duplicateOf: 'content/posts/shade-as-public-health/index.md',
          }),
        );
        const title = first.draft!.title;

        // Hugo's default build: the pending draft is nowhere in the site.
        run('hugo', ['--quiet'], site);
        const built = filesUnder(join(site, 'public')).map((file) => readFileSync(file, 'utf8'));
        expect(built.some((html) => html.includes(title))).toBe(false);

        run('npx', ['--no-install', 'research-draft', 'promote', first.draft!.path], site);
        const post = join(site, 'content', 'posts', `${first.draft!.slug}.md`);
        const published = readFileSync(post, 'utf8');
        const frontmatter = /^---\n([\s\S]*?)\n---/.exec(published)![1]!;
        for (const field of ['cost', 'review', 'run', 'engine', 'status', 'sources'])
          expect(frontmatter).not.toMatch(new RegExp(`^${field}:`, 'm'));
        expect(published).toContain('## Sources');
        expect(readFileSync(join(site, '.research-draft', 'ledger.jsonl'), 'utf8')).toContain(
          first.draft!.slug,
        );
        run('hugo', ['--quiet'], site);
        const page = readFileSync(
          join(site, 'public', 'posts', first.draft!.slug, 'index.html'),
          'utf8',
        );
        expect(page).toContain(title.replace(/&/g, '&amp;').replace(/'/g, '&rsquo;').slice(0, 20));
        expect(page).toMatch(/class="footnotes?"/);

        const second = JSON.parse(
          run('npx', ['--no-install', 'research-draft', 'run', 'example', '--json', '-q'], site)
            .stdout,
        ) as RunRecord;
        expect(second.outcome).toBe('nothing-new');
      },
    );
  },
);
