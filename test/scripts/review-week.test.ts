/**
 * The review loop as it runs on GitHub, for a week, on local git repositories: a bare "origin",
 * fresh clones standing in for each job's runner, and one for the editor. Every step is the `run:`
 * of the workflow file, executed as GitHub's `shell: bash` runs it; only the actions are stood in
 * for (checkout: a clone; `npm ci`: links to this repository's dist/ and node_modules/; the
 * artifact actions: a copy; create-pull-request: a commit of its add-paths on the default branch,
 * pushed with a lease, as the action does) and the merge button (a merge pushed to main).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { REPO_ROOT, copyExample } from '../helpers/example-copy.js';
import { CLI, git } from './helpers.js';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const workflow = (name: string) =>
  parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
const PIPELINE = workflow('pipeline.yml');
const REVIEW = workflow('review.yml');
const BRANCH = PIPELINE.env!.REVIEW_BRANCH!;
const REJECTIONS = PIPELINE.env!.REJECTIONS_BRANCH!;

/** The step of a job whose `run:` contains `text` (or whose id is `text`). */
function stepOf(flow: Workflow, job: string, text: string): Step {
  const step = flow.jobs[job]!.steps.find((s) => s.id === text || s.run?.includes(text));
  expect(step?.run, `${job}: a step running ${text}`).toBeTruthy();
  return step!;
}

/**
 * Runs a step's `run:` in `cwd` as GitHub runs it (`shell: bash`: bash -eo pipefail), with the
 * workflow's env and `env` for the step's `${{ }}` values; expects exit 0.
 *
 * @returns stdout and what the step wrote to $GITHUB_OUTPUT.
 */
function runStep(
  cwd: string,
  flow: Workflow,
  job: string,
  text: string,
  env: Record<string, string> = {},
) {
  const io = mkdtempSync(join(tmpdir(), 'step-'));
  const output = join(io, 'output');
  writeFileSync(output, '');
  const {
    ANTHROPIC_API_KEY: _a,
    BRAVE_SEARCH_API_KEY: _b,
    PIPELINE_CLI: _c,
    ...inherited
  } = process.env;
  const result = spawnSync(
    'bash',
    ['--noprofile', '--norc', '-eo', 'pipefail', '-c', stepOf(flow, job, text).run!],
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...inherited,
        ...flow.env,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: join(io, 'summary'),
        GIT_TOKEN: '',
        ...env,
      },
    },
  );
  expect(result.status, `${job} / ${text}\n${result.stdout}\n${result.stderr}`).toBe(0);
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  rmSync(io, { recursive: true });
  return { stdout: result.stdout, outputs };
}

const draftsIn = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.md')) : [];
const frontmatterOf = (path: string) => splitFrontmatter(readFileSync(path, 'utf8')).data;

/** A topic of the example's pages, under its own title (so its own slug). */
function topicFile(title: string, pages: string[]): string {
  const example = readFileSync(join(REPO_ROOT, 'pipelines', 'example.yaml'), 'utf8');
  const sources = pages.map((page) => `  - file: example/${page}`).join('\n');
  return example
    .replace(/^title: .*$/m, `title: ${title}`)
    .replace(/^sources:\n( {2}- .*\n)+/m, `sources:\n${sources}\n`)
    .replace('minSources: 3', 'minSources: 1');
}

function world() {
  const dir = mkdtempSync(join(tmpdir(), 'review-week-'));
  const origin = join(dir, 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin]);
  const site = copyExample();
  rmSync(join(site, 'pipelines', 'example.yaml'));
  writeFileSync(
    join(site, 'pipelines', 'heat.yaml'),
    topicFile('Kellerton heat study', [
      'tree-canopy-heat-study.html',
      'heat-health-canopy.html',
      'canopy-limits-criticism.html',
    ]),
  );
  writeFileSync(
    join(site, 'pipelines', 'trees.yaml'),
    topicFile('Kellerton tree budget', [
      'tree-planting-costs-budget.html',
      'shade-streets-program.html',
    ]),
  );
  cpSync(join(REPO_ROOT, 'scripts'), join(site, 'scripts'), { recursive: true });
  writeFileSync(
    join(site, '.gitignore'),
    '.pipeline/\nnode_modules\ndist\nartifacts/\npr-body.md\n',
  );
  git(site, 'init', '-q', '-b', 'main');
  git(site, 'add', '-A');
  git(site, 'commit', '-qm', 'site');
  git(site, 'push', '-q', origin, 'main');
  let clones = 0;
  /** A runner's checkout (shallow, as actions/checkout) after `npm ci`; or a full clone. */
  const clone = (full = false) => {
    const path = join(dir, `clone-${++clones}`);
    const depth = full ? [] : ['--depth', '1'];
    execFileSync('git', ['clone', '-q', ...depth, `file://${origin}`, path]);
    symlinkSync(join(REPO_ROOT, 'dist'), join(path, 'dist'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(path, 'node_modules'));
    return path;
  };
  const remote = (...args: string[]) => git(origin, ...args);
  const headOf = (branch: string) => {
    const result = spawnSync('git', ['rev-parse', '-q', '--verify', `refs/heads/${branch}`], {
      cwd: origin,
      encoding: 'utf8',
    });
    return result.status === 0 ? result.stdout.trim() : null;
  };
  /** The files of a branch of origin under `folder`. */
  const filesOf = (branch: string, folder: string) =>
    remote('ls-tree', '-r', '--name-only', branch, '--', folder)
      .split('\n')
      .filter(Boolean)
      .map((path) => path.slice(folder.length + 1));
  return { dir, origin, clone, remote, headOf, filesOf };
}
type World = ReturnType<typeof world>;

/** A nightly run up to the review-pr job's restore: the topics job, one job per topic. */
function startNight(w: World) {
  const lister = w.clone();
  const { outputs } = runStep(lister, PIPELINE, 'topics', 'list', {
    EVENT: 'schedule',
    TOPIC: 'all',
    DISPATCH_BATCH: '',
  });
  expect(outputs.batch).toBe('false');
  const topics = JSON.parse(outputs.matrix!) as string[];
  const artifacts = join(w.dir, `artifacts-${Math.random().toString(36).slice(2)}`);
  const outcomes: Record<string, string> = {};
  for (const topic of topics) {
    const runner = w.clone();
    runStep(runner, PIPELINE, 'run', 'scripts/restore-review.sh');
    runStep(runner, PIPELINE, 'run', 'scripts/run-pipeline.sh', {
      TOPIC: topic,
      ENGINE: 'offline',
    });
    const runs = join(runner, '.pipeline', 'runs');
    const [run] = readdirSync(runs);
    const record = JSON.parse(readFileSync(join(runs, run!, 'run.json'), 'utf8')) as {
      outcome: string;
    };
    outcomes[topic] = record.outcome;
    // upload-artifact / download-artifact (pattern run-*, one folder per artifact).
    const artifact = join(artifacts, `run-${topic}`);
    cpSync(runs, join(artifact, '.pipeline', 'runs'), { recursive: true });
    if (existsSync(join(runner, 'content', 'pending')))
      cpSync(join(runner, 'content', 'pending'), join(artifact, 'content', 'pending'), {
        recursive: true,
      });
    const costs = PIPELINE.env!.COSTS_DIR!;
    if (existsSync(join(runner, costs)))
      cpSync(join(runner, costs), join(artifact, costs), { recursive: true });
  }
  const reviewer = w.clone();
  runStep(reviewer, PIPELINE, 'review-pr', 'scripts/restore-review.sh');
  return { topics, outcomes, artifacts, reviewer };
}

/**
 * peter-evans/create-pull-request as configured in pipeline.yml: its add-paths committed on the
 * default branch as origin has it now, pushed to the review branch with a lease on what it
 * fetched; no commit when nothing differs from the default branch.
 */
function createPullRequest(w: World, cwd: string): 'created' | 'updated' | 'unchanged' | 'no-diff' {
  const step = PIPELINE.jobs['review-pr']!.steps.find((s) =>
    s.uses?.startsWith('peter-evans/create-pull-request@'),
  )!;
  git(cwd, 'fetch', '-q', 'origin', '+refs/heads/main:refs/remotes/origin/main');
  const lease = w.headOf(BRANCH);
  if (lease)
    git(cwd, 'fetch', '-q', 'origin', `+refs/heads/${BRANCH}:refs/remotes/origin/${BRANCH}`);
  const index = join(w.dir, `index-${Math.random().toString(36).slice(2)}`);
  const env = { ...process.env, GIT_INDEX_FILE: index };
  const run = (...args: string[]) =>
    execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
  run('read-tree', 'refs/remotes/origin/main');
  // GitHub expands the workflow's `${{ env.X }}` in `with:` before the action sees it.
  const expanded = step.with!['add-paths']!.replace(
    /\$\{\{\s*env\.([A-Z_]+)\s*\}\}/g,
    (_, name: string) => PIPELINE.env?.[name] ?? '',
  );
  for (const path of expanded.split('\n').filter(Boolean)) {
    const added = spawnSync('git', ['add', '-A', '-f', '--', path], { cwd, env, encoding: 'utf8' });
    if (added.status !== 0) expect(added.stderr).toContain('did not match any files');
  }
  const tree = run('write-tree');
  rmSync(index);
  if (tree === run('rev-parse', 'refs/remotes/origin/main^{tree}')) return 'no-diff';
  if (lease && tree === run('rev-parse', `${lease}^{tree}`)) return 'unchanged';
  const commit = git(
    cwd,
    'commit-tree',
    tree,
    '-p',
    'refs/remotes/origin/main',
    '-m',
    step.with!['commit-message']!,
  );
  git(
    cwd,
    'push',
    '-q',
    `--force-with-lease=refs/heads/${BRANCH}:${lease ?? ''}`,
    'origin',
    `${commit}:refs/heads/${BRANCH}`,
  );
  return lease ? 'updated' : 'created';
}

/** The review-pr job after its restore: gather, then the PR unless no topic left a record. */
function finishNight(w: World, night: ReturnType<typeof startNight>) {
  cpSync(night.artifacts, join(night.reviewer, 'artifacts'), { recursive: true });
  const { outputs } = runStep(night.reviewer, PIPELINE, 'review-pr', 'gather', {
    BASE_BRANCH: 'main',
  });
  const pr = PIPELINE.jobs['review-pr']!.steps.find((s) =>
    s.uses?.startsWith('peter-evans/create-pull-request@'),
  )!;
  expect(pr.if).toBe("steps.gather.outputs.records != '0'");
  if (outputs.records === '0') return 'skipped';
  expect(existsSync(join(night.reviewer, 'pr-body.md'))).toBe(true);
  // The PR body ends with the month's costs and its chart; every run of the night that drafted
  // is a line of the cost ledger the PR commits.
  const body = readFileSync(join(night.reviewer, 'pr-body.md'), 'utf8');
  expect(body).toMatch(/\n## Cost this month \(\d{4}-\d{2}\)\n[\s\S]*```mermaid\nxychart-beta\n/);
  const ledger = join(night.reviewer, PIPELINE.env!.COSTS_DIR!);
  const lines = existsSync(ledger)
    ? readdirSync(ledger)
        .filter((name) => name.endsWith('.jsonl'))
        .flatMap((name) => readFileSync(join(ledger, name), 'utf8').trim().split('\n'))
    : [];
  const runIds = new Set(lines.map((line) => (JSON.parse(line) as { runId: string }).runId));
  for (const topic of night.topics) {
    const runs = join(night.artifacts, `run-${topic}`, '.pipeline', 'runs');
    for (const run of readdirSync(runs)) {
      const { outcome } = JSON.parse(readFileSync(join(runs, run, 'run.json'), 'utf8')) as {
        outcome: string;
      };
      expect(runIds.has(run), `${run} ${outcome}`).toBe(outcome === 'drafted');
    }
  }
  expect(lines).toHaveLength(new Set(lines).size);
  return createPullRequest(w, night.reviewer);
}

/** review.yml when the PR closes: a fresh checkout of main, the PR's ref as GitHub keeps it. */
function closePr(w: World, pr: number, outcome: 'merged' | 'closed', base: string, head: string) {
  w.remote('update-ref', `refs/pull/${pr}/head`, head);
  const runner = w.clone(true);
  runStep(runner, REVIEW, 'promote-or-reject', 'refs/pull/', { PR: String(pr) });
  return runStep(runner, REVIEW, 'promote-or-reject', 'scripts/close-review.sh', {
    OUTCOME: outcome,
    BASE_SHA: base,
    HEAD_SHA: head,
    PR: String(pr),
  }).stdout;
}

describe.skipIf(!existsSync(CLI))('the review loop on GitHub, a week on local repositories', () => {
  it('promotes on the branch before the merge, never proposes a draft twice, rejects a closed PR, survives racing nights', () => {
    // The topics job's script uses jq, as GitHub's runners have it: install it (apt-get install jq).
    expect(spawnSync('jq', ['--version']).status, 'jq is not installed').toBe(0);
    const w = world();
    const heat = 'kellerton-heat-study.md';
    const trees = 'kellerton-tree-budget.md';

    // Monday night: the review branch opens with one draft per topic.
    const monday = startNight(w);
    expect(monday.outcomes).toEqual({ heat: 'drafted', trees: 'drafted' });
    expect(finishNight(w, monday)).toBe('created');
    expect(w.filesOf(BRANCH, 'content/pending').sort()).toEqual([heat, trees]);

    // Tuesday: the editor edits one draft and deletes the other, then adds the promote label.
    const editor = w.clone(true);
    git(editor, 'checkout', '-q', '-b', BRANCH, `origin/${BRANCH}`);
    appendFileSync(join(editor, 'content/pending', heat), '\nAn editor added this line.\n');
    git(editor, 'rm', '-q', `content/pending/${trees}`);
    git(editor, 'commit', '-qam', 'editor: edit the heat draft, drop the tree budget');
    git(editor, 'push', '-q', 'origin', BRANCH);
    const labelled = w.clone(true);
    const promoted = runStep(labelled, REVIEW, 'promote', 'scripts/promote-review.sh', {
      PR: '1',
      BASE_BRANCH: 'main',
    });
    expect(promoted.stdout).toContain('promoted 1, rejected 1');
    // The promotion is a commit on the branch, in the PR, before the merge.
    expect(w.remote('log', '-1', '--format=%s', BRANCH)).toBe('Promote the drafts of review PR #1');
    expect(w.filesOf(BRANCH, 'content/pending')).toEqual([]);
    expect(w.remote('show', `${BRANCH}:content/posts/${heat}`)).toContain(
      'An editor added this line.',
    );
    expect(w.filesOf(BRANCH, 'content/.rejected')).toEqual([trees]);
    // The label again: nothing left to promote, nothing rejected twice.
    expect(
      runStep(w.clone(true), REVIEW, 'promote', 'scripts/promote-review.sh', {
        PR: '1',
        BASE_BRANCH: 'main',
      }).stdout,
    ).toContain('nothing to promote');

    // Tuesday night races the merge: its jobs read the branch before the merge, its PR is
    // written after the merge and the branch's deletion.
    const tuesday = startNight(w);
    expect(tuesday.outcomes).toEqual({ heat: 'nothing-new', trees: 'nothing-new' });
    const base = w.headOf('main')!;
    const head = w.headOf(BRANCH)!;
    git(editor, 'checkout', '-q', 'main');
    git(editor, 'fetch', '-q', 'origin');
    git(editor, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #1', `origin/${BRANCH}`);
    git(editor, 'push', '-q', 'origin', 'main');
    expect(closePr(w, 1, 'merged', base, head)).toContain(`deleted ${BRANCH}`);
    expect(w.headOf(BRANCH)).toBeNull();
    // The merge published: the edited draft is a post on main, the deleted one rejected.
    const main = w.clone();
    expect(frontmatterOf(join(main, 'content/posts', heat)).status).toBe('published');
    expect(readFileSync(join(main, 'content/posts', heat), 'utf8')).toContain(
      'An editor added this line.',
    );
    expect(frontmatterOf(join(main, 'content/.rejected', trees)).status).toBe('rejected');
    expect(draftsIn(join(main, 'content/pending'))).toEqual([]);
    // The racing night proposes nothing and leaves no branch behind.
    expect(finishNight(w, tuesday)).toBe('no-diff');
    expect(w.headOf(BRANCH)).toBeNull();

    // Wednesday: a new topic (a .yml file) is added; that night proposes its draft only.
    writeFileSync(
      join(editor, 'pipelines', 'ordinance.yml'),
      topicFile('Kellerton tree ordinance', ['tree-protection-ordinance-2026.html']),
    );
    git(editor, 'add', '-A');
    git(editor, 'commit', '-qm', 'topic: the tree ordinance');
    git(editor, 'push', '-q', 'origin', 'main');
    const wednesday = startNight(w);
    expect(wednesday.outcomes).toEqual({
      heat: 'nothing-new',
      ordinance: 'drafted',
      trees: 'nothing-new',
    });
    expect(finishNight(w, wednesday)).toBe('created');
    const ordinance = 'kellerton-tree-ordinance.md';
    expect(w.filesOf(BRANCH, 'content/pending')).toEqual([ordinance]);

    // Thursday: two nights start; the editor closes PR #2 without merging before they finish.
    const first = startNight(w);
    const second = startNight(w);
    const closed = closePr(w, 2, 'closed', w.headOf('main')!, w.headOf(BRANCH)!);
    expect(closed).toContain('promoted 0, rejected 1');
    expect(closed).toContain(`rejections committed to ${REJECTIONS}`);
    expect(w.headOf(BRANCH)).toBeNull();
    expect(w.filesOf(REJECTIONS, 'content/.rejected')).toContain(ordinance);
    const rejection = w.remote('show', `${REJECTIONS}:content/.rejected/${ordinance}`);
    expect(rejection).toContain('closed without merging');
    // The default branch, protected, is untouched by the close.
    expect(w.filesOf('main', 'content/.rejected')).toEqual([trees]);

    // Both nights write their PR after the close (one after the other: one concurrency group).
    expect(finishNight(w, first)).toBe('created');
    const carried = w.headOf(BRANCH);
    expect(finishNight(w, second)).toBe('unchanged');
    // Consistent: one nightly commit on main, carrying the rejection, proposing nothing.
    expect(w.headOf(BRANCH)).toBe(carried);
    expect(w.remote('rev-list', '--count', `main..${BRANCH}`)).toBe('1');
    expect(w.filesOf(BRANCH, 'content/pending')).toEqual([]);
    expect(w.filesOf(BRANCH, 'content/.rejected').sort()).toEqual([trees, ordinance]);

    // Friday night: nothing proposed again, neither the drafts nor their sources.
    const friday = startNight(w);
    expect(friday.outcomes).toEqual({
      heat: 'nothing-new',
      ordinance: 'nothing-new',
      trees: 'nothing-new',
    });
    expect(finishNight(w, friday)).toBe('unchanged');
    expect(w.filesOf(BRANCH, 'content/pending')).toEqual([]);
  }, 150_000);

  it('a night where every topic failed leaves the open PR as it is', () => {
    const w = world();
    const runner = w.clone();
    mkdirSync(join(runner, 'artifacts'));
    const { outputs } = runStep(runner, PIPELINE, 'review-pr', 'gather', { BASE_BRANCH: 'main' });
    expect(outputs.records).toBe('0');
    expect(existsSync(join(runner, 'pr-body.md'))).toBe(false);
  });

  it('says in the job summary when GITHUB_TOKEN writes the review branch (no CI on the PR)', () => {
    const runner = world().clone();
    for (const [job, flow] of [
      ['review-pr', PIPELINE],
      ['promote', REVIEW],
    ] as const) {
      const fallback = runStep(runner, flow, job, 'scripts/token-notice.sh', {
        HAS_APP: 'false',
        HAS_TOKEN: 'false',
      });
      expect(fallback.stdout).toMatch(/^::warning::No GitHub App and no PIPELINE_TOKEN secret/);
      expect(fallback.stdout).toContain("CI and the site's deploy preview will not run");
      for (const [app, token] of [
        ['true', 'false'],
        ['false', 'true'],
      ])
        expect(
          runStep(runner, flow, job, 'scripts/token-notice.sh', {
            HAS_APP: app!,
            HAS_TOKEN: token!,
          }).stdout,
        ).toBe('');
    }
  });
});
