import {
  escapeHtml,
  renderEvidenceHtml,
  safeHrefOf,
  type EvidenceDocument,
} from '../evidence/index.js';
import type { SourceText } from '../stages/critique/types.js';
import { indexSource } from '../stages/critique/parse/source-index.js';
import type { PendingDraft } from './pending.js';

/** What every page of the review server needs. */
export interface PageContext {
  /** The per-process token every state-changing request must carry. */
  token: string;
  /** The pending folder as the project names it (`content/pending`). */
  pendingDir: string;
}

// The list and source pages run no script at all; forms post only to the server itself.
const PLAIN_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'";

const PLAIN_STYLE = `
body { margin: 0 auto; max-width: 1000px; padding: 1rem; font: 16px/1.55 system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; color: #1d232b; background: #fbfbfa; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid #d9dde3; vertical-align: top; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.error { color: #b3261e; } .warning { color: #a86500; } .info { color: #2c5aa0; }
.message { padding: 0.6rem 0.9rem; border-radius: 6px; background: #e9f5ec; border: 1px solid #1f7a3d; }
.message.failed { background: #fcf1f0; border-color: #b3261e; }
a { color: #2c5aa0; } a:focus { outline: 3px solid #2c5aa0; outline-offset: 1px; }
ol.source-text li { margin: 0.3rem 0; padding: 0.1rem 0.3rem; }
ol.source-text li:target { background: #fff0a8; }
.muted { color: #5b6472; font-size: 0.9rem; }
@media (max-width: 700px) { .file, .topic { display: none; } }
`;

/** A plain page (no script) with the given body. */
export function plainPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${PLAIN_CSP}">
<title>${escapeHtml(title)}</title>
<style>${PLAIN_STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** What the list says after an action. */
export interface Notice {
  text: string;
  failed: boolean;
}

/**
 * The list of pending drafts: title (to its evidence view), file, topic, date, findings by
 * severity and sentences by evidence strength.
 *
 * @param drafts The pending drafts with their evidence summaries.
 * @param ctx Page context.
 * @param notice What the last action did, if anything.
 */
export function listPage(
  drafts: ReadonlyArray<{ draft: PendingDraft; summary: EvidenceDocument['summary'] }>,
  ctx: PageContext,
  notice?: Notice,
): string {
  const rows = drafts.map(({ draft, summary }) => {
    const href = `/draft/${encodeURIComponent(draft.name)}`;
    const f = draft.findings;
    return `<tr data-draft="${escapeHtml(draft.name)}">
<td><a href="${escapeHtml(href)}">${escapeHtml(draft.title)}</a></td>
<td class="file"><code>${escapeHtml(draft.file)}</code></td>
<td class="topic">${escapeHtml(draft.topic)}</td>
<td class="findings"><span class="error">${f.error} error</span>, <span class="warning">${f.warning} warning</span>, <span class="info">${f.info} info</span></td>
<td class="strength">${summary.strong} strong, ${summary.weak} weak, ${summary.none} none</td>
</tr>`;
  });
  const table =
    drafts.length === 0
      ? `<p id="empty">Nothing pending in <code>${escapeHtml(ctx.pendingDir)}/</code>.</p>`
      : `<table id="drafts">
<thead><tr><th>draft</th><th class="file">file</th><th class="topic">topic</th><th>findings</th><th>sentences by evidence</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  const message = notice
    ? `<p class="message${notice.failed ? ' failed' : ''}" role="status">${escapeHtml(notice.text)}</p>`
    : '';
  return plainPage(
    'Pending drafts',
    `<h1>Pending drafts</h1>
${message}
${table}
<p class="muted">Open a draft to check each sentence against its evidence, then approve (publish) or reject it.</p>`,
  );
}

/**
 * A draft's evidence view with the review actions on top: Approve (promote), Reject with a
 * reason, back to the list. Both forms carry the process token.
 *
 * @param draft The pending draft.
 * @param doc Its evidence.
 * @param ctx Page context.
 */
export function draftPage(draft: PendingDraft, doc: EvidenceDocument, ctx: PageContext): string {
  const name = escapeHtml(draft.name);
  const token = escapeHtml(ctx.token);
  const actions = `<nav class="actions" aria-label="Review actions">
<a href="/">← all pending drafts</a>
<form method="post" action="/approve">
<input type="hidden" name="token" value="${token}">
<input type="hidden" name="draft" value="${name}">
<button type="submit" class="approve">Approve and publish</button>
</form>
<form method="post" action="/reject">
<input type="hidden" name="token" value="${token}">
<input type="hidden" name="draft" value="${name}">
<label>Reason <input type="text" name="reason" required maxlength="500" placeholder="why it is rejected"></label>
<button type="submit" class="reject">Reject</button>
</form>
</nav>`;
  return renderEvidenceHtml(doc, {
    actions,
    formAction: "'self'",
    sourceTextHref: (id, sentence) =>
      `/source/${encodeURIComponent(draft.name)}/${encodeURIComponent(id)}${sentence === undefined ? '' : `#sentence-${sentence}`}`,
  });
}

/**
 * One extracted source as the run folder holds it, sentence by sentence as the critique splits
 * it (numbered as the evidence positions are), with a link to the original.
 *
 * @param draft The draft that cites it.
 * @param source The extracted source.
 * @param url The URL the draft cites for it (credentials removed).
 */
export function sourcePage(draft: PendingDraft, source: SourceText, url: string): string {
  const sentences = indexSource(source).sentences;
  const href = safeHrefOf(url);
  const items = sentences
    .map((sentence, index) => `<li id="sentence-${index}">${escapeHtml(sentence)}</li>`)
    .join('\n');
  return plainPage(
    `${source.id}: ${source.title}`,
    `<p><a href="/draft/${escapeHtml(encodeURIComponent(draft.name))}">← back to the draft</a></p>
<h1>${escapeHtml(source.id)} · ${escapeHtml(source.title)}</h1>
<p>${href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a>` : escapeHtml(url)}</p>
<p class="muted">The text the pipeline extracted and the draft was checked against, one sentence a line (the title first).</p>
<ol class="source-text" start="1">
${items}
</ol>`,
  );
}
