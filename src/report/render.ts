import { searchUsdOf, type ResearchRecord, type RunRecord } from '../core/run-record.js';
import { redactCredentials } from '../core/redact.js';
import { addUsage, type Usage } from '../core/usage.js';
import type { MonthlyBudget } from '../core/run-record.js';

/**
 * Renders the run report as Markdown, from the run record alone (never from logs). The same text
 * goes to `report.md`, the GitHub job summary and the review PR body. Credentials in URLs
 * (`user:pass@`) are redacted from all of it.
 *
 * @param record The run record.
 */
export function renderReport(record: RunRecord): string {
  const lines: string[] = [];
  lines.push(`# Run report: ${record.topic}`, '');
  lines.push(`- Run: \`${record.runId}\``);
  lines.push(`- Engine: **${record.engine}** (${record.engineReason})`);
  lines.push(`- Outcome: **${record.outcome}**: ${record.message}`);
  if (record.draft) {
    lines.push(
      `- Draft: \`${record.draft.path}\`, "${record.draft.title}", ${record.draft.words} words`,
    );
  }
  const research = record.details.research;
  const searchUsd = searchUsdOf(record);
  const total = addUsage(...Object.values(record.usageByStage));
  lines.push(
    `- Cost: ${usd(total.usd + searchUsd)} (${total.inputTokens} input, ${total.outputTokens} output tokens${research ? `; web search ${usd(searchUsd)}` : ''})`,
  );
  if (record.monthlyBudget) lines.push(`- Month: ${monthlyBudgetLine(record.monthlyBudget)}`);
  if (record.error) lines.push(`- Error in ${record.error.stage}: ${record.error.message}`);
  lines.push('');

  lines.push('## Stages', '', '| stage | status | time | summary |', '| --- | --- | ---: | --- |');
  for (const stage of record.stages) {
    lines.push(row([stage.name, stage.status, ms(stage.elapsedMs), stage.summary]));
  }
  lines.push('');

  lines.push('## Sources', '');
  if (record.sources.length === 0) lines.push('No source was fetched.');
  else {
    lines.push('| id | source | status | HTTP | bytes | time | words | note |');
    lines.push('| --- | --- | --- | ---: | ---: | ---: | ---: | --- |');
    for (const source of record.sources) {
      lines.push(
        row([
          source.id,
          source.url,
          source.status,
          source.httpStatus === null
            ? ''
            : String(source.httpStatus) + (source.fromCache ? ' (cache)' : ''),
          String(source.bytes),
          ms(source.elapsedMs),
          source.words ? String(source.words) : '',
          source.note,
        ]),
      );
    }
  }
  for (const error of record.details.resolveErrors)
    lines.push(`- Could not resolve ${error.source}: ${error.error}`);
  const otherFailures = record.details.fetches.filter(
    (fetch) => !fetch.ok && !record.sources.some((source) => source.url === fetch.url),
  );
  for (const fetch of otherFailures) {
    lines.push(
      `- Request failed: ${fetch.url}: ${fetch.error?.step ?? 'request'}: ${fetch.error?.message ?? 'failed'}`,
    );
  }
  lines.push('');

  lines.push('## Drops', '');
  if (record.details.drops.length === 0) lines.push('No source was dropped as a duplicate.');
  else {
    lines.push('| source | reason | duplicate of | measure | similarity | threshold |');
    lines.push('| --- | --- | --- | --- | ---: | ---: |');
    for (const drop of record.details.drops) {
      lines.push(
        row([
          `${drop.id} ${drop.url}`,
          drop.reason,
          drop.duplicateOf,
          drop.measure,
          drop.similarity.toFixed(3),
          drop.threshold.toFixed(2),
        ]),
      );
    }
  }
  lines.push('');

  if (research) lines.push(...researchLines(research));

  lines.push('## Findings', '');
  const findings = record.details.findings;
  const count = (severity: string) =>
    findings.filter((finding) => finding.severity === severity).length;
  if (findings.length === 0) lines.push('No finding: the critique passed the draft.', '');
  else {
    lines.push(`${count('error')} error, ${count('warning')} warning, ${count('info')} info.`, '');
    const groups = new Map<string, typeof findings>();
    for (const finding of findings) {
      const key = `${finding.severity} · ${finding.kind}`;
      groups.set(key, [...(groups.get(key) ?? []), finding]);
    }
    const order = ['error', 'warning', 'info'];
    const keys = [...groups.keys()].sort(
      (a, b) =>
        order.indexOf(a.split(' ')[0]!) - order.indexOf(b.split(' ')[0]!) || a.localeCompare(b),
    );
    for (const key of keys) {
      lines.push(`### ${key} (${groups.get(key)!.length})`, '');
      for (const finding of groups.get(key)!) {
        const source = finding.source ? ` [${finding.source}]` : '';
        lines.push(`- "${oneLine(finding.sentence)}"${source}: ${oneLine(finding.detail)}`);
      }
      lines.push('');
    }
  }
  if (record.details.revisions.length > 0) {
    lines.push('## Revisions', '');
    for (const revision of record.details.revisions) {
      lines.push(
        `- Round ${revision.round}: ${revision.errorsBefore} error finding(s); removed ${revision.removed.length} sentence(s), added ${revision.added}.`,
      );
      for (const removed of revision.removed) lines.push(`  - removed: "${oneLine(removed)}"`);
    }
    lines.push('');
  }

  lines.push(
    '## Cost',
    '',
    '| stage | input | output | cache read | cache write | USD |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [stage, usage] of Object.entries(record.usageByStage))
    lines.push(usageRow(stage, usage));
  if (research) lines.push(row(['web search', '', '', '', '', usd(searchUsd)]));
  lines.push(usageRow('**total**', { ...total, usd: total.usd + searchUsd }));
  lines.push('');
  if (record.details.calls.length > 0) {
    lines.push(
      '| call | stage | model | request id | input | output | cache read | cache write | USD |',
    );
    lines.push('| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
    record.details.calls.forEach((call, i) => {
      const u = call.usage;
      lines.push(
        row([
          String(i + 1),
          call.stage,
          call.model,
          call.requestId ?? '',
          String(u.inputTokens),
          String(u.outputTokens),
          String(u.cacheReadTokens),
          String(u.cacheWriteTokens),
          usd(u.usd),
        ]),
      );
    });
    lines.push('');
  }
  if (record.notes.length > 0) {
    lines.push('## Notes', '');
    for (const note of record.notes) lines.push(`- ${oneLine(note)}`);
    lines.push('');
  }
  return redactCredentials(
    `${lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd()}\n`,
  );
}

/** The agent's web research: every query (made or refused) and every URL it asked to add. */
function researchLines(research: ResearchRecord): string[] {
  const made = research.queries.filter((query) => query.made).length;
  const added = research.sources.filter((source) => source.outcome === 'added').length;
  const lines = [
    '## Research',
    '',
    `Provider ${research.provider}; ${made} of at most ${research.maxQueries} queries made, ${added} of at most ${research.maxNewSources} new sources added; ${usd(research.pricePerQueryUsd)} a query.`,
    '',
  ];
  if (research.queries.length === 0) lines.push('The agent made no web search.', '');
  else {
    lines.push('| step | query | provider | results | USD | note |');
    lines.push('| --- | --- | --- | ---: | ---: | --- |');
    for (const query of research.queries)
      lines.push(
        row([
          query.step,
          query.query,
          query.provider,
          query.made ? String(query.results) : '',
          usd(query.costUsd),
          query.made ? (query.error ?? '') : `not made: ${query.error ?? ''}`,
        ]),
      );
    lines.push('');
  }
  if (research.sources.length > 0) {
    lines.push('| step | URL | from query | outcome | id | why |');
    lines.push('| --- | --- | --- | --- | --- | --- |');
    for (const source of research.sources)
      lines.push(
        row([
          source.step,
          source.url,
          source.query ?? '',
          source.outcome,
          source.id ?? '',
          source.reason,
        ]),
      );
    lines.push('');
  }
  return lines;
}

function usageRow(label: string, usage: Usage): string {
  return row([
    label,
    String(usage.inputTokens),
    String(usage.outputTokens),
    String(usage.cacheReadTokens),
    String(usage.cacheWriteTokens),
    usd(usage.usd),
  ]);
}

function row(cells: string[]): string {
  return `| ${cells.map((cell) => oneLine(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function usd(value: number): string {
  return `$${value.toFixed(4)}`;
}

/** The monthly budget's figures for the report's head. */
function monthlyBudgetLine(check: MonthlyBudget): string {
  const limit =
    check.scope === 'topic'
      ? `the topic's share (${Math.round((check.topicShare ?? 0) * 100)}%) of the ${check.month} budget $${check.monthUsd.toFixed(2)}, ${usd(check.limitUsd)}`
      : `the ${check.month} budget ${usd(check.limitUsd)}`;
  const left = Math.max(0, check.limitUsd - check.spentUsd);
  return (
    `${usd(check.spentUsd)} spent of ${limit} before this run, ${usd(left)} left; ` +
    (check.fits
      ? `this run reserved up to ${usd(check.reservedUsd)}`
      : `**stopped**: this run may spend up to ${usd(check.reservedUsd)}, so nothing was fetched or paid for`)
  );
}
