import { redactCredentials } from '../core/redact.js';
import { runUsdOf, type RunRecord } from '../core/run-record.js';
import { addUsage } from '../core/usage.js';
import { renderReport } from './render.js';

/**
 * Renders the review PR body from the night's run records: one line per topic (its draft, sources,
 * drops, findings by severity, tokens and dollars), the night's total cost, then each topic's full
 * run report, the same Markdown as its `report.md` and job summary.
 *
 * @param records The run records of the night, one per topic.
 * @param title Heading of the body (default `Nightly drafts`).
 */
export function renderPrBody(records: RunRecord[], title = 'Nightly drafts'): string {
  const lines = [`# ${title}`, ''];
  const drafted = records.filter((record) => record.draft);
  lines.push(
    `${drafted.length} draft(s) from ${records.length} topic run(s). Merge to publish what you approve; ` +
      'delete a draft from this PR to reject it; closing the PR rejects them all.',
    '',
  );
  lines.push(
    '| topic | draft | outcome | sources cited | drops | findings (error / warning / info) | tokens in / out | USD |',
  );
  lines.push('| --- | --- | --- | ---: | ---: | --- | --- | ---: |');
  for (const record of records) {
    const usage = addUsage(...Object.values(record.usageByStage));
    const findings = record.details.findings;
    const by = (severity: string) =>
      findings.filter((finding) => finding.severity === severity).length;
    const cells = [
      record.topic,
      record.draft ? `\`${record.draft.path}\`<br>${record.draft.title}` : '',
      record.outcome,
      String(record.sources.filter((source) => source.status === 'cited').length),
      String(record.details.drops.length),
      `${by('error')} / ${by('warning')} / ${by('info')}`,
      `${usage.inputTokens} / ${usage.outputTokens}`,
      `$${runUsdOf(record).toFixed(4)}`,
    ];
    lines.push(
      `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`,
    );
  }
  const total = addUsage(...records.flatMap((record) => Object.values(record.usageByStage)));
  lines.push(
    '',
    `**Night's total cost: $${records.reduce((sum, record) => sum + runUsdOf(record), 0).toFixed(4)}** (${total.inputTokens} input, ${total.outputTokens} output tokens).`,
    '',
  );
  for (const record of records) {
    lines.push(`<details><summary>Run report: ${record.topic} (${record.outcome})</summary>`, '');
    lines.push(renderReport(record).replace(/^# /m, '### '), '</details>', '');
  }
  // The run reports are redacted already; the table rows name topics and drafts, redacted too.
  return redactCredentials(`${lines.join('\n').trimEnd()}\n`);
}
