import { readFileSync } from 'node:fs';
import { normaliseSentence } from '../../../src/text/normalise.js';
import { describe, expect, it } from 'vitest';
import { countWords, splitSentences } from '../../../src/text/sentences.js';
import { createOfflineEngine } from '../../../src/engines/offline/index.js';
import type { Article } from '../../../src/stages/extract/types.js';
import { paragraphsOf } from '../../../src/stages/draft/render.js';
import type { DraftContent } from '../../../src/stages/draft/types.js';
import type { Finding } from '../../../src/stages/critique/types.js';
import { testContext, testTopic } from '../../helpers/context.js';

function article(id: string, file: string): Article {
  const text = readFileSync(new URL(`../../fixtures/articles/${file}`, import.meta.url), 'utf8');
  return {
    id,
    url: `https://example.org/${file}`,
    from: 'test',
    title: file,
    author: null,
    published: null,
    canonicalUrl: null,
    lang: 'en',
    siteName: null,
    markdown: text,
    text,
    hidden: [],
    sha256: id,
    words: countWords(text),
  };
}

const articles = [
  article('s1', 'heat-a.txt'),
  article('s2', 'heat-b.txt'),
  article('s3', 'heat-c.txt'),
];
const sections = ['Background', 'What changed', 'What it means'];

describe('offline engine', () => {
  it('drafts verbatim, cited sentences over the required sections', async () => {
    const ctx = testContext(testTopic('done:\n  minWords: 150\n  minSources: 3\n'));
    const out = await createOfflineEngine('offline: test').draft({ articles, sections }, ctx);
    expect(out.engine).toBe('offline');
    expect(out.usage.usd).toBe(0);
    const content = out.content!;
    expect(content.sections.map((section) => section.heading)).toEqual(sections);
    const sentences = paragraphsOf(content).flatMap((paragraph) => paragraph.sentences);
    for (const sentence of sentences) {
      expect(sentence.cite.length).toBeGreaterThan(0);
      const sourceSentences = sentence.cite.flatMap((id) =>
        splitSentences(articles.find((a) => a.id === id)!.text),
      );
      expect(sourceSentences.some((s) => s === sentence.text)).toBe(true);
    }
    const texts = sentences.map((sentence) => sentence.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(new Set(sentences.flatMap((sentence) => sentence.cite)).size).toBe(3);
    expect(
      sentences.reduce((sum, sentence) => sum + countWords(sentence.text), 0),
    ).toBeGreaterThanOrEqual(150);
  });

  it('leaves out page furniture and sentences that lean on the previous one', async () => {
    const ctx = testContext(testTopic('done:\n  minWords: 2000\n'));
    const out = await createOfflineEngine().draft({ articles, sections }, ctx);
    const texts = paragraphsOf(out.content!).flatMap((p) => p.sentences.map((s) => s.text));
    expect(texts.some((text) => /subscribe/i.test(text))).toBe(false);
    expect(texts.some((text) => /^They found/.test(text))).toBe(false);
  });

  it('revision drops the sentences that drew an error and keeps the rest', async () => {
    const ctx = testContext(testTopic('done:\n  minWords: 150\n'));
    const engine = createOfflineEngine();
    const first = (await engine.draft({ articles, sections }, ctx)).content!;
    const victim = first.intro[0]!.sentences[0]!.text;
    const revised = await engine.revise(
      {
        articles,
        sections,
        previous: first,
        findings: [
          {
            kind: 'number-not-in-source',
            severity: 'error',
            sentence: victim,
            source: 's1',
            detail: 'test',
          },
        ],
        flagged: [normaliseSentence(victim)],
      },
      ctx,
    );
    const texts = paragraphsOf(revised.content!).flatMap((p) => p.sentences.map((s) => s.text));
    expect(texts).not.toContain(victim);
    expect(texts.length).toBeGreaterThan(3);
  });

  it('cuts a stale time word, keeps the cut in later rounds, and drops the sentence when the cut draws an error', async () => {
    const ctx = testContext(testTopic('done:\n  minWords: 150\n'));
    const engine = createOfflineEngine();
    const timed =
      'The city council published its street tree canopy plan this week in the municipal gazette.';
    const cut = 'The city council published its street tree canopy plan in the municipal gazette.';
    const withTime = [
      {
        ...articles[0]!,
        text: `${timed} ${articles[0]!.text}`,
        markdown: `${timed}\n\n${articles[0]!.text}`,
      },
      ...articles.slice(1),
    ];
    const textsOf = (content: DraftContent) =>
      paragraphsOf(content).flatMap((p) => p.sentences.map((s) => s.text));
    const revise = (previous: DraftContent, finding: Finding) =>
      engine.revise(
        {
          articles: withTime,
          sections,
          previous,
          findings: [finding],
          flagged: finding.severity === 'error' ? [normaliseSentence(finding.sentence)] : [],
        },
        ctx,
      );
    const first = (await engine.draft({ articles: withTime, sections }, ctx)).content!;
    expect(textsOf(first)).toContain(timed);
    const stale: Finding = {
      kind: 'stale-relative-time',
      severity: 'warning',
      sentence: timed,
      source: 's1',
      detail: 'test',
    };
    const second = (await revise(first, stale)).content!;
    expect(textsOf(second)).toContain(cut);
    expect(textsOf(second)).not.toContain(timed);
    // A later round for another sentence keeps the cut (every round drafts from the sources).
    const other = textsOf(second).find((text) => text !== cut)!;
    const third = (
      await revise(second, {
        ...stale,
        kind: 'number-not-in-source',
        severity: 'error',
        sentence: other,
      })
    ).content!;
    expect(textsOf(third)).toContain(cut);
    expect(textsOf(third)).not.toContain(timed);
    expect(textsOf(third)).not.toContain(other);
    // An error on the cut sentence drops it, in neither form.
    const fourth = (
      await revise(third, {
        ...stale,
        kind: 'number-not-in-source',
        severity: 'error',
        sentence: cut,
      })
    ).content!;
    expect(textsOf(fourth)).not.toContain(cut);
    expect(textsOf(fourth)).not.toContain(timed);
  });

  it('returns no draft when no sentence stands alone', async () => {
    const ctx = testContext();
    const stub = {
      ...articles[0]!,
      text: 'Home | News | Contact',
      markdown: 'Home | News | Contact',
    };
    const out = await createOfflineEngine().draft({ articles: [stub], sections }, ctx);
    expect(out.content).toBeNull();
    expect(out.notes.join(' ')).toContain('nothing to draft');
  });
});
