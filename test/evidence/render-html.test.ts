import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { buildEvidence, renderEvidenceHtml } from '../../src/evidence/index.js';
import { EVIDENCE_SCRIPT } from '../../src/evidence/page-assets.js';
import type { SourceText } from '../../src/stages/critique/types.js';

const HOSTILE_TITLE = '<script>window.pwned = 1</script> Heat "study" & more';
const SOURCES: SourceText[] = [
  {
    id: 's1',
    url: 'https://example.org/heat?a=1&b="2"',
    title: HOSTILE_TITLE,
    text: 'Shaded blocks were 3.1 degrees cooler on summer afternoons. <img src=x onerror="window.pwned = 2"> Sensors sat on lamp posts.',
  },
  {
    id: 's2',
    url: 'javascript:alert(1)',
    title: 'A <b>bold</b> budget',
    text: 'The tree budget rose.',
  },
];

const DRAFT = `---
title: "Heat <script>window.pwned = 3</script>"
sources:
  - id: s1
    url: "https://example.org/heat?a=1&b=\\"2\\""
    title: ${JSON.stringify(HOSTILE_TITLE)}
  - id: s2
    url: "javascript:alert(1)"
    title: A <b>bold</b> budget
review:
  - kind: unsupported-citation
    severity: error
    sentence: The tree budget rose <em>sharply</em>.
    source: s2
    detail: <i>sharply</i> is in no source
  - kind: definition-of-done
    severity: warning
    sentence: minWords
    detail: 12 words < 600 <u>minWords</u>
---

Shaded blocks were 3.1 degrees cooler on summer afternoons.[^s1]

## Money

The tree budget rose \\<em>sharply\\</em>.[^s2]
`;

function pageOf() {
  const doc = buildEvidence({
    draft: DRAFT,
    draftPath: 'content/pending/heat.md',
    sources: SOURCES,
  });
  const html = renderEvidenceHtml(doc);
  // Scripts run as in a browser: a source's script, had it become markup, would set window.pwned.
  const dom = new JSDOM(html, { runScripts: 'dangerously' });
  return { doc, html, dom, document: dom.window.document };
}

describe('renderEvidenceHtml', () => {
  it('shows source and draft text as text: no markup from them, no script of theirs runs', () => {
    const { document, dom } = pageOf();
    expect((dom.window as unknown as { pwned?: number }).pwned).toBeUndefined();
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]!.textContent).toBe(EVIDENCE_SCRIPT);
    expect(document.querySelectorAll('img, b, em, i, u')).toHaveLength(0);
    expect(document.title).toBe('Evidence: Heat <script>window.pwned = 3</script>');
    const sources = document.querySelector('#summary')!.textContent;
    expect(sources).toContain(HOSTILE_TITLE);
    expect(sources).toContain('A <b>bold</b> budget');
    const passage = document.querySelector('#evidence-0 .passage-text')!.textContent;
    expect(passage).toContain('<img src=x onerror="window.pwned = 2">');
    expect(document.querySelector('#sentence-1')!.textContent).toBe(
      'The tree budget rose <em>sharply</em>.',
    );
    expect(document.body.textContent).toContain('<i>sharply</i> is in no source');
  });

  it('links only http(s) sources, and allows only its own script by hash', () => {
    const { document, html } = pageOf();
    const hrefs = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!);
    expect(hrefs.some((href) => href.startsWith('javascript:'))).toBe(false);
    expect(hrefs).toContain('https://example.org/heat?a=1&b=%222%22');
    const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')!;
    expect(csp.getAttribute('content')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(html).not.toMatch(/https?:\/\/(?!example\.org)[^"'\s<]*\.(js|css)/);
  });

  it('puts each sentence once, its findings inline, draft-level findings apart, and the passages with highlighted words', () => {
    const { document } = pageOf();
    const sentences = [...document.querySelectorAll('.sentence')].map((el) => el.textContent);
    expect(sentences).toEqual([
      'Shaded blocks were 3.1 degrees cooler on summer afternoons.',
      'The tree budget rose <em>sharply</em>.',
    ]);
    expect(document.querySelector('h2')!.textContent).toBe('About the whole draft');
    expect(document.querySelector('.draft-findings')!.textContent).toContain('minWords');
    const badge = document.querySelector('#sentence-1 ~ .badge.severity-error')!;
    expect(badge.textContent).toBe('error · unsupported-citation');
    const marks = [...document.querySelectorAll('#evidence-0 .passage-text mark')].map(
      (m) => m.textContent,
    );
    expect(marks).toEqual(['Shaded', 'blocks', '3.1', 'degrees', 'cooler', 'summer', 'afternoons']);
    // In the panel, the sentence's words that no cited passage holds are marked.
    const absent = [...document.querySelectorAll('#evidence-1 .draft-sentence .absent')].map(
      (el) => el.textContent,
    );
    expect(absent).toContain('sharply');
    expect(absent).not.toContain('budget');
    expect(document.querySelectorAll('#evidence-0 .draft-sentence .absent')).toHaveLength(0);
    expect(document.querySelector('#sentence-0')!.className).toContain('strength-strong');
    expect(document.querySelector('#sentence-1')!.className).toContain('strength-weak');
  });

  it('shows a sentence’s panel on click and on focus, and moves with j/k', () => {
    const { document, dom } = pageOf();
    const panel = (i: number) => document.getElementById(`evidence-${i}`)!;
    expect(panel(0).hidden).toBe(true);
    (document.getElementById('sentence-0') as HTMLElement).click();
    expect(panel(0).hidden).toBe(false);
    expect(document.getElementById('sentence-0')!.getAttribute('aria-expanded')).toBe('true');
    document.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'j' }));
    expect(panel(0).hidden).toBe(true);
    expect(panel(1).hidden).toBe(false);
    expect(document.activeElement?.id).toBe('sentence-1');
    document.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'Escape' }));
    expect(panel(1).hidden).toBe(true);
    expect(document.getElementById('evidence-empty')!.hidden).toBe(false);
  });
});
