import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvidenceDocument } from '../../src/evidence/index.js';
import { copyExample, REPO_ROOT } from '../helpers/example-copy.js';
import { pipeline } from './helpers.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'evidence-summary.sh');

function summary(args: string[], env: Record<string, string> = {}): string {
  const { GITHUB_RUN_ID: _id, GITHUB_REPOSITORY: _repo, ...rest } = process.env;
  return execFileSync(SCRIPT, args, { encoding: 'utf8', env: { ...rest, ...env } });
}

describe('scripts/evidence-summary.sh', () => {
  it('prints, per draft, its sentences by strength of evidence and where the pages are', () => {
    const root = copyExample();
    expect(pipeline(root).outcome).toBe('drafted');
    const runs = join(root, '.pipeline', 'runs');
    const [run] = readdirSync(runs);
    const file = join(runs, run!, 'evidence.json');
    // Counts as the evidence file says them: made uneven so that columns cannot be confused.
    const doc = JSON.parse(readFileSync(file, 'utf8')) as EvidenceDocument;
    doc.summary = { strong: 11, weak: 4, none: 2 };
    doc.draft = 'content/pending/a|b`c.md';
    writeFileSync(file, JSON.stringify(doc));
    const out = summary([`${runs}/${run}/`, join(runs, 'no-such-run')], {
      GITHUB_RUN_ID: '42',
      GITHUB_REPOSITORY: 'owner/site',
    });
    const lines = out.split('\n');
    expect(lines[0]).toBe('## Evidence');
    expect(lines).toContain(
      `| \`content/pending/a b c.md\` | ${doc.sentences.length} | 11 | 4 | 2 | \`${run}/evidence.html\` |`,
    );
    expect(out).toContain('strong: a passage of a cited source holds 60% or more');
    expect(out).toContain('[workflow run 42](https://github.com/owner/site/actions/runs/42)');
  });

  it('prints nothing when no run folder has evidence', () => {
    expect(summary(['/nonexistent/run'])).toBe('');
  });

  it('is what the review PR body ends with, and the job summaries too', () => {
    const gather = readFileSync(join(REPO_ROOT, 'scripts', 'gather-review.sh'), 'utf8');
    expect(gather).toContain('"$here/evidence-summary.sh" "${runs[@]}" >>pr-body.md');
    const flow = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'pipeline.yml'), 'utf8');
    expect(
      flow.match(
        /scripts\/evidence-summary\.sh \.pipeline\/runs\/\*\/ >> "\$GITHUB_STEP_SUMMARY"/g,
      ),
    ).toHaveLength(2);
  });
});
