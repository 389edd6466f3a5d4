import { readFileSync, writeFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { loadTopic } from '../../src/core/topic.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import { loadConfig } from '../../src/core/config.js';
import { renderEvidenceHtml, type EvidenceDocument } from '../../src/evidence/index.js';
import { evidenceOfDraft, listPendingDrafts } from '../../src/review/pending.js';
import { EVIDENCE_SCRIPT } from '../../src/evidence/page-assets.js';
import { runTopic } from '../../src/run/pipeline.js';
import { parseDraft } from '../../src/stages/critique/index.js';
import { loadSourcesDir } from '../../src/stages/critique/parse/load-sources.js';
import { copyExample } from '../helpers/example-copy.js';

const SCRIPT_TITLE = '<script>window.pwned = 1</script>';

/**
 * The study page of the example with a title that holds a script tag, as text (entities in the
 * HTML, `\u003c` in its JSON-LD): the extracted title is that literal text.
 */
function scriptInTitle(root: string): void {
  const file = join(root, 'pipelines', 'example', 'tree-canopy-heat-study.html');
  const html = readFileSync(file, 'utf8');
  const title = 'four-summer Kellerton study finds';
  writeFileSync(
    file,
    html
      .replace(/("headline": "[^"]*?)four-summer Kellerton study finds/, '$1FOUND_JSON')
      .replaceAll(title, `${title} &lt;script&gt;window.pwned = 1&lt;/script&gt;`)
      .replace('FOUND_JSON', `${title} \\u003cscript\\u003ewindow.pwned = 1\\u003c/script\\u003e`),
  );
}

/** Runs the offline example in a fresh copy; returns the root, the run folder and the draft. */
async function runExample(options: { scriptTitle?: boolean } = {}) {
  const root = copyExample({ packageJson: false });
  if (options.scriptTitle) scriptInTitle(root);
  const record = await runTopic({
    topic: loadTopic('example', join(root, 'pipelines')),
    engine: createOfflineEngine('offline: no ANTHROPIC_API_KEY'),
    root,
    logger: SILENT_LOGGER,
    env: {},
  });
  const runDir = join(root, '.pipeline', 'runs', record.runId);
  return { root, runDir, record, draft: readFileSync(join(root, record.draft!.path), 'utf8') };
}

describe('the evidence of the example run', () => {
  it('evidence.json gives every draft sentence once with a passage of each cited source', async () => {
    const { runDir, record, draft } = await runExample();
    const doc = JSON.parse(readFileSync(join(runDir, 'evidence.json'), 'utf8')) as EvidenceDocument;
    expect(doc.draft).toBe(record.draft!.path);
    expect(doc.runId).toBe(record.runId);
    expect(doc.sentences.map((s) => s.text)).toEqual(
      parseDraft(draft).sentences.map((s) => s.text),
    );
    const sources = new Map(loadSourcesDir(join(runDir, 'sources')).map((s) => [s.id, s]));
    for (const sentence of doc.sentences) {
      expect(sentence.cites.length).toBeGreaterThan(0);
      expect(sentence.evidence.map((e) => e.source)).toEqual(sentence.cites);
      for (const evidence of sentence.evidence) {
        // The passage is the cited source's own words, at the position it names.
        const source = sources.get(evidence.source)!;
        const [first, end] = evidence.sentences;
        expect(end).toBeGreaterThan(first);
        const body = `${source.title}\n${source.text}`.replace(/\s+/g, ' ');
        for (const part of evidence.passage.split(/(?<=[.!?])\s+/))
          expect(body).toContain(part.replace(/\s+/g, ' '));
      }
    }
    // The offline engine copies source sentences: most of them are strong.
    expect(doc.summary.strong).toBeGreaterThan(doc.sentences.length / 2);
    expect(doc.summary.strong + doc.summary.weak + doc.summary.none).toBe(doc.sentences.length);
    expect(doc.dropped.map((d) => d.reason).sort()).toEqual([
      'duplicate-of-corpus',
      'duplicate-of-source',
    ]);
    expect(doc.findings.length).toBe(record.details.findings.length);
    expect(doc.cost?.usd).toBe(0);
  });

  it('evidence.html: every draft sentence appears once, every citation has a passage of the cited source, no source text is markup', async () => {
    const { runDir, draft } = await runExample({ scriptTitle: true });
    const html = readFileSync(join(runDir, 'evidence.html'), 'utf8');
    // Scripts run as in a browser: the title's script, had it become markup, would set pwned.
    const { window } = new JSDOM(html, { runScripts: 'dangerously' });
    const { document } = window;
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    const expected = parseDraft(draft).sentences;
    const shown = [...document.querySelectorAll('#draft .sentence')];
    expect(shown.map((el) => el.textContent)).toEqual(expected.map((s) => s.text));
    // Once: no sentence of the draft is shown twice in the draft's column.
    const article = document.querySelector('#draft article')!.textContent;
    for (const sentence of expected) expect(article.split(sentence.text)).toHaveLength(2);
    const sources = new Map(loadSourcesDir(join(runDir, 'sources')).map((s) => [s.id, s]));
    let citations = 0;
    expected.forEach((sentence, index) => {
      const panel = document.getElementById(`evidence-${index}`)!;
      for (const id of sentence.cites) {
        citations++;
        const passage = panel.querySelector(`.passage[data-source="${id}"] .passage-text`);
        expect(passage, `sentence ${index} cites ${id}`).not.toBeNull();
        const text = passage!.textContent;
        expect(text.length).toBeGreaterThan(0);
        const source = sources.get(id)!;
        const body = `${source.title}\n${source.text}`.replace(/\s+/g, ' ');
        for (const part of text.split(/(?<=[.!?])\s+/)) expect(body).toContain(part);
        // The words the passage shares with the sentence are highlighted.
        expect(passage!.querySelectorAll('mark').length).toBeGreaterThan(0);
      }
    });
    expect(citations).toBeGreaterThanOrEqual(expected.length);
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts.map((script) => script.textContent)).toEqual([EVIDENCE_SCRIPT]);
    expect(document.querySelectorAll('img, iframe, object, embed, link, base')).toHaveLength(0);
    // Self-contained: nothing is loaded from the network.
    expect(html).not.toMatch(/<(?:script|link|img|iframe)[^>]+(?:src|href)=/i);
  });

  it('a source title holding <script> in the run folder shows as text in the evidence view', async () => {
    const { root, runDir } = await runExample();
    // The extract stage already makes titles plain text; a run folder edited by hand, or written
    // by an older version, must still be shown as data.
    const file = join(runDir, 'sources', 's4.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        /^title: .*$/m,
        `title: ${JSON.stringify(`Kellerton shaded streets cooler ${SCRIPT_TITLE}`)}`,
      ),
    );
    const [draft] = listPendingDrafts(root, loadConfig(root));
    const html = renderEvidenceHtml(evidenceOfDraft(root, draft!).doc);
    const { window } = new JSDOM(html, { runScripts: 'dangerously' });
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    expect(window.document.querySelectorAll('script')).toHaveLength(1);
    const passages = [
      ...window.document.querySelectorAll('.passage[data-source="s4"] .passage-text'),
    ];
    expect(passages.some((el) => el.textContent.includes(SCRIPT_TITLE))).toBe(true);
  });
});
