import { createHash } from 'node:crypto';
import { contentStemsOf } from '../text/words.js';
import type {
  EvidenceDocument,
  EvidenceSource,
  FindingEvidence,
  SentenceEvidence,
} from './types.js';
import { EVIDENCE_SCRIPT, EVIDENCE_STYLE } from './page-assets.js';

/** Options of {@link renderEvidenceHtml}. */
export interface EvidencePageOptions {
  /**
   * Markup put at the top of the page (the review server's Approve and Reject forms). Trusted:
   * the caller builds it and escapes what it puts in it.
   */
  actions?: string;
  /**
   * Where the "Open source" links point (the review server's view of the extracted source), for a
   * source and, from a passage, the position of its first sentence; no such links without it.
   */
  sourceTextHref?: (id: string, sentence?: number) => string;
  /** Origin the page's forms may post to (CSP `form-action`; default: none). */
  formAction?: string;
}

/**
 * The evidence view of a draft as one self-contained HTML page (inline CSS and a little JS, no
 * network): the draft as the reader sees it, each sentence marked by the strength of its evidence;
 * clicking, tapping, hovering or focusing a sentence shows the passages of its cited sources with
 * the sentence's words highlighted and a link to each source; findings on their sentences by
 * severity; a side summary of the sources used and dropped, the cost and the tokens.
 *
 * Every string from a source or the draft is escaped (web content is data): a page title holding
 * `<script>` shows as text. The page's Content-Security-Policy lets only its own script run (by
 * hash), so even a slip in escaping could not run a source's script.
 *
 * @param doc The draft's evidence.
 * @param options Review-server additions.
 */
export function renderEvidenceHtml(
  doc: EvidenceDocument,
  options: EvidencePageOptions = {},
): string {
  const sources = new Map(doc.sources.map((source) => [source.id, source]));
  const scriptHash = createHash('sha256').update(EVIDENCE_SCRIPT).digest('base64');
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${scriptHash}'`,
    `form-action ${options.formAction ?? "'none'"}`,
    "base-uri 'none'",
  ].join('; ');
  const title = doc.title || doc.draft;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<title>Evidence: ${escapeHtml(title)}</title>
<style>${EVIDENCE_STYLE}</style>
</head>
<body>
<header class="top">
<p class="file"><code>${escapeHtml(doc.draft)}</code>${doc.runId ? ` · run <code>${escapeHtml(doc.runId)}</code>` : ''}</p>
<p class="counts" id="counts">${countsOf(doc)}</p>
${options.actions ?? ''}
</header>
<div class="layout">
<main id="draft" aria-label="Draft">
<p class="hint">Click, tap or focus a sentence (Tab, or <kbd>j</kbd>/<kbd>k</kbd>) to see its evidence; <kbd>Esc</kbd> lets go.</p>
<article>
<h1 class="draft-title">${escapeHtml(title)}</h1>
${draftFindingsOf(doc)}
${bodyOf(doc, sources)}
</article>
</main>
<div class="side">
<aside id="evidence" aria-label="Evidence of the selected sentence" aria-live="polite">
<section id="evidence-empty" class="panel"><p>Select a sentence to see the passages it rests on.</p></section>
${doc.sentences.map((sentence) => panelOf(sentence, doc, sources, options)).join('\n')}
</aside>
<aside id="summary" aria-label="Sources, drops and cost">
${summaryOf(doc, options)}
</aside>
</div>
</div>
<script>${EVIDENCE_SCRIPT}</script>
</body>
</html>
`;
}

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An http(s) URL as an `href`, or null: a `javascript:` or `file:` URL never becomes a link. */
export function safeHrefOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function countsOf(doc: EvidenceDocument): string {
  const bySeverity = (severity: string) =>
    doc.findings.filter((finding) => finding.severity === severity).length;
  return [
    `${doc.sentences.length} sentences:`,
    `<span class="chip strength-strong">${doc.summary.strong} strong</span>`,
    `<span class="chip strength-weak">${doc.summary.weak} weak</span>`,
    `<span class="chip strength-none">${doc.summary.none} no evidence</span>`,
    `· findings: <span class="chip severity-error">${bySeverity('error')} error</span>`,
    `<span class="chip severity-warning">${bySeverity('warning')} warning</span>`,
    `<span class="chip severity-info">${bySeverity('info')} info</span>`,
  ].join(' ');
}

/** Findings about the whole draft (no sentence of the draft is theirs). */
function draftFindingsOf(doc: EvidenceDocument): string {
  const loose = doc.findings.filter((finding) => finding.sentenceIndex === null);
  if (loose.length === 0) return '';
  return `<section class="draft-findings" aria-label="Findings about the whole draft">
<h2>About the whole draft</h2>
${loose.map((finding) => findingOf(finding)).join('\n')}
</section>`;
}

function bodyOf(doc: EvidenceDocument, sources: ReadonlyMap<string, EvidenceSource>): string {
  const blocks: string[] = [];
  let section = '';
  let paragraph = -1;
  let open = false;
  for (const sentence of doc.sentences) {
    if (sentence.paragraph !== paragraph) {
      if (open) blocks.push('</p>');
      if (sentence.section !== section) {
        section = sentence.section;
        if (section) blocks.push(`<h2>${escapeHtml(section)}</h2>`);
      }
      blocks.push('<p>');
      open = true;
      paragraph = sentence.paragraph;
    } else blocks.push(' ');
    blocks.push(sentenceOf(sentence, doc, sources));
  }
  if (open) blocks.push('</p>');
  return blocks.join('');
}

function sentenceOf(
  sentence: SentenceEvidence,
  doc: EvidenceDocument,
  sources: ReadonlyMap<string, EvidenceSource>,
): string {
  const cites = sentence.cites
    .map((id) => {
      const title = sources.get(id)?.title ?? 'not a source of this run';
      return `<a class="cite" href="#source-${escapeHtml(id)}" title="${escapeHtml(title)}" tabindex="-1">${escapeHtml(id)}</a>`;
    })
    .join('');
  const badges = sentence.findings
    .map((at) => doc.findings[at]!)
    .map(
      (finding) =>
        `<span class="badge severity-${escapeHtml(finding.severity)}" title="${escapeHtml(finding.detail)}">${escapeHtml(finding.severity)} · ${escapeHtml(finding.kind)}</span>`,
    )
    .join('');
  const label = `sentence ${sentence.index + 1}, ${sentence.strength === 'none' ? 'no' : sentence.strength} evidence${sentence.findings.length > 0 ? `, ${sentence.findings.length} finding(s)` : ''}`;
  return `<span class="sentence strength-${sentence.strength}" id="sentence-${sentence.index}" data-sentence="${sentence.index}" tabindex="0" role="button" aria-expanded="false" aria-controls="evidence-${sentence.index}" aria-label="${escapeHtml(`${label}: ${sentence.text}`)}">${escapeHtml(sentence.text)}</span><sup class="cites">${cites}</sup>${badges}`;
}

function panelOf(
  sentence: SentenceEvidence,
  doc: EvidenceDocument,
  sources: ReadonlyMap<string, EvidenceSource>,
  options: EvidencePageOptions,
): string {
  const words = highlightWordsOf(sentence.text);
  const passages = sentence.evidence.map((evidence) => {
    const source = sources.get(evidence.source);
    const [first, end] = evidence.sentences;
    const score = Math.round((evidence.score ?? 0) * 100);
    const position = `source sentences ${first + 1}–${end} of ${source?.sentenceCount ?? '?'}`;
    return `<div class="passage" data-source="${escapeHtml(evidence.source)}">
<h3>${sourceLinkOf(evidence.source, source)} <span class="score" title="share of the sentence's content words in this passage">${score}% of its words</span></h3>
<p class="where">${position}${score === 0 ? " · no passage shares its words: the source's opening" : ''}${textLinkOf(evidence.source, source, options, first)}</p>
<blockquote class="passage-text">${highlighted(evidence.passage, words)}</blockquote>
</div>`;
  });
  const missing = sentence.missing.map(
    (id) =>
      `<div class="passage missing"><h3>${escapeHtml(id)}</h3><p>No extracted text of this source: ${sources.has(id) ? 'the run folder does not have it' : 'the draft lists no such source'}.</p></div>`,
  );
  const uncited =
    sentence.cites.length === 0 ? '<p class="missing">This sentence cites no source.</p>' : '';
  const findings = sentence.findings.map((at) => findingOf(doc.findings[at]!, words)).join('\n');
  return `<section class="panel" id="evidence-${sentence.index}" data-sentence="${sentence.index}" hidden>
<h2>Sentence ${sentence.index + 1} <span class="chip strength-${sentence.strength}">${sentence.strength === 'none' ? 'no' : sentence.strength} evidence</span></h2>
<blockquote class="draft-sentence">${absentMarked(
    sentence.text,
    sentence.evidence.map((e) => e.passage),
  )}</blockquote>
${findings}
${uncited}${passages.join('\n')}${missing.join('\n')}
</section>`;
}

function findingOf(finding: FindingEvidence, words?: HighlightWords): string {
  const evidence = finding.evidence;
  const compared = evidence
    ? `<p class="compared">Compared with ${escapeHtml(evidence.source)}: <q>${words ? highlighted(evidence.passage, words) : escapeHtml(evidence.passage)}</q></p>`
    : '';
  const sentence =
    finding.sentenceIndex === null && finding.sentence
      ? `<p><q>${escapeHtml(finding.sentence)}</q></p>`
      : '';
  return `<div class="finding severity-${escapeHtml(finding.severity)}" role="note">
<p><strong>${escapeHtml(finding.severity)} · ${escapeHtml(finding.kind)}</strong>${finding.source ? ` (${escapeHtml(finding.source)})` : ''}: ${escapeHtml(finding.detail)}</p>
${sentence}${compared}
</div>`;
}

function sourceLinkOf(id: string, source: EvidenceSource | undefined): string {
  const label = `${escapeHtml(id)} · ${escapeHtml(source?.title ?? id)}`;
  const href = source ? safeHrefOf(source.url) : null;
  return href
    ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label}</a>`
    : label;
}

function textLinkOf(
  id: string,
  source: EvidenceSource | undefined,
  options: EvidencePageOptions,
  sentence?: number,
): string {
  if (!options.sourceTextHref || !source?.hasText) return '';
  return ` · <a class="open-source" href="${escapeHtml(options.sourceTextHref(id, sentence))}">Open source</a>`;
}

function summaryOf(doc: EvidenceDocument, options: EvidencePageOptions): string {
  const used = doc.sources
    .map((source) => {
      const href = safeHrefOf(source.url);
      const title = escapeHtml(source.title);
      return `<li id="source-${escapeHtml(source.id)}"><strong>${escapeHtml(source.id)}</strong> ${href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${title}</a>` : title}<br><small>cited by ${source.citedBy} sentence(s)${source.hasText ? '' : ' · no extracted text'}${textLinkOf(source.id, source, options)}</small></li>`;
    })
    .join('\n');
  const dropped =
    doc.dropped.length === 0
      ? '<p>None.</p>'
      : `<ul>${doc.dropped
          .map(
            (drop) =>
              `<li><strong>${escapeHtml(drop.id)}</strong> <span class="url">${escapeHtml(drop.url)}</span><br><small>${escapeHtml(drop.reason)}: duplicates ${escapeHtml(drop.duplicateOf)} (${escapeHtml(drop.measure)} ${drop.similarity.toFixed(3)} ≥ ${drop.threshold})</small></li>`,
          )
          .join('\n')}</ul>`;
  const cost = doc.cost;
  const costRows = cost
    ? `<dl class="cost"><dt>dollars</dt><dd>$${cost.usd.toFixed(4)}</dd><dt>input tokens</dt><dd>${cost.inputTokens}</dd><dt>output tokens</dt><dd>${cost.outputTokens}</dd><dt>cache reads</dt><dd>${cost.cacheReadTokens}</dd><dt>cache writes</dt><dd>${cost.cacheWriteTokens}</dd></dl>`
    : '<p>Not recorded.</p>';
  return `<h2>Sources used</h2>
<ul class="sources">${used}</ul>
<h2>Sources dropped</h2>
${dropped}
<h2>Cost</h2>
${costRows}
<p class="legend"><span class="chip strength-strong">strong</span> a passage holds ≥ ${Math.round(doc.thresholds.strong * 100)}% of the sentence's content words · <span class="chip strength-weak">weak</span> ≥ ${Math.round(doc.thresholds.weak * 100)}% (or an error finding) · <span class="chip strength-none">no evidence</span> less, or nothing cited · in a selected sentence, <span class="absent">wavy</span> words are in none of its cited passages</p>`;
}

/** The words of a draft sentence a passage's words are matched against. */
interface HighlightWords {
  stems: ReadonlySet<string>;
  figures: ReadonlySet<string>;
}

// A word, or a figure with its inner separators (`3.1`, `18,500`), in the original spelling.
const TOKEN = /[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu;

function highlightWordsOf(sentence: string): HighlightWords {
  const tokens = [...sentence.matchAll(TOKEN)].map((match) => match[0]);
  return {
    stems: new Set(contentStemsOf(sentence)),
    figures: new Set(tokens.filter((token) => /^\p{N}/u.test(token))),
  };
}

/** A passage, escaped, with the words it shares with the draft sentence in `<mark>`. */
function highlighted(passage: string, words: HighlightWords): string {
  return wrapTokens(
    passage,
    (token) => {
      if (/^\p{N}/u.test(token)) return words.figures.has(token);
      const stem = contentStemsOf(token)[0];
      return stem !== undefined && words.stems.has(stem);
    },
    'mark',
  );
}

/**
 * The draft sentence, escaped, with its content words and figures that none of the passages holds
 * marked (`<span class="absent">`): what the reader should look for in the sources.
 */
function absentMarked(sentence: string, passages: readonly string[]): string {
  if (passages.length === 0) return escapeHtml(sentence);
  const held = highlightWordsOf(passages.join(' '));
  return wrapTokens(
    sentence,
    (token) => {
      if (/^\p{N}/u.test(token)) return !held.figures.has(token);
      const stem = contentStemsOf(token)[0];
      return stem !== undefined && !held.stems.has(stem);
    },
    'absent',
  );
}

/** Text, escaped, with the tokens `wrap` picks in a `<mark>` or an "absent" span. */
function wrapTokens(text: string, wrap: (token: string) => boolean, as: 'mark' | 'absent'): string {
  const [open, close] =
    as === 'mark'
      ? ['<mark>', '</mark>']
      : ['<span class="absent" title="in no cited passage">', '</span>'];
  let out = '';
  let at = 0;
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    out += escapeHtml(text.slice(at, match.index));
    out += wrap(token) ? `${open}${escapeHtml(token)}${close}` : escapeHtml(token);
    at = match.index + token.length;
  }
  return out + escapeHtml(text.slice(at));
}
