import { describe, expect, it } from 'vitest';
import { parseDraft } from '../../../../src/stages/critique/parse/parse-draft.js';

const DRAFT = `---
title: "PG&E starts another mass power shutoff"
sources:
  - id: s1
    url: "https://www.timesunion.com/news/us/article/x.php"
    title: "PG&E begins new mass power shutoff over fire danger"
review: []
---

Pacific Gas & Electric Co. was set to begin shutting off power Wednesday to some 375,000 people.[^s1]

## Why the power is going off

A virtually rainless fall has left brush bone-dry, and forecasts called for winds gusting to 55 mph.[^s1] "This lack of rain is keeping the threat of fire very real, this late in the season, in many areas," Strenfel said.[^s1][^s2] Businesses have complained that the outages were overly broad.

## A pattern of outages

South Dakota's "Meth. We're on it." campaign drew mockery.[^s1] CEO Andy Vesey said the outages have been "terribly disruptive" but that "we won't roll the dice on public safety."[^s1]

[^s1]: [PG&E begins new mass power shutoff over fire danger](https://www.timesunion.com/news/us/article/x.php)
[^s2]: [A recap](https://example.org/recap)
`;

describe('parseDraft', () => {
  const draft = parseDraft(DRAFT);

  it('reads the frontmatter sources with their ids', () => {
    expect(draft.sources).toEqual([
      {
        id: 's1',
        url: 'https://www.timesunion.com/news/us/article/x.php',
        title: 'PG&E begins new mass power shutoff over fire danger',
      },
    ]);
    expect(draft.frontmatter.title).toBe('PG&E starts another mass power shutoff');
  });

  it('reads headings and footnote definitions, and never makes sentences of them', () => {
    expect(draft.headings).toEqual([
      { depth: 2, text: 'Why the power is going off' },
      { depth: 2, text: 'A pattern of outages' },
    ]);
    expect(draft.footnotes.get('s2')).toBe('[A recap](https://example.org/recap)');
    expect(
      draft.sentences.some((s) => s.text.includes('Why the power') || s.raw.startsWith('[^')),
    ).toBe(false);
  });

  it('gives each sentence the citations after its closing punctuation, and its section', () => {
    expect(draft.sentences.map((s) => [s.cites, s.section])).toEqual([
      [['s1'], ''],
      [['s1'], 'Why the power is going off'],
      [['s1', 's2'], 'Why the power is going off'],
      [[], 'Why the power is going off'],
      [['s1'], 'A pattern of outages'],
      [['s1'], 'A pattern of outages'],
    ]);
    expect(draft.sentences[2]!.text).toBe(
      '"This lack of rain is keeping the threat of fire very real, this late in the season, in many areas," Strenfel said.',
    );
  });

  it('keeps a quoted title with full stops inside one sentence', () => {
    expect(draft.sentences[4]!.text).toBe(
      'South Dakota\'s "Meth. We\'re on it." campaign drew mockery.',
    );
  });

  it('finds every quotation and the sentence that holds it', () => {
    expect(draft.quotes.map((q) => [q.text, q.sentences])).toEqual([
      [
        'This lack of rain is keeping the threat of fire very real, this late in the season, in many areas,',
        [2],
      ],
      ["Meth. We're on it.", [4]],
      ['terribly disruptive', [5]],
      ["we won't roll the dice on public safety.", [5]],
    ]);
  });

  it('reads a draft without frontmatter and a quote spanning two sentences', () => {
    const bare = parseDraft('He said: "It is working. We are on it," on Monday.[^s1]\n');
    expect(bare.sources).toEqual([]);
    expect(bare.sentences).toHaveLength(1);
    expect(bare.quotes[0]).toEqual({ text: 'It is working. We are on it,', sentences: [0] });
  });

  it('treats list items as paragraphs and skips fenced code', () => {
    const parsed = parseDraft(
      '- First item has 3 facts.[^s1]\n- Second item.[^s2]\n\n```\nnot prose 42.\n```\n',
    );
    expect(parsed.paragraphs).toEqual(['First item has 3 facts.[^s1]', 'Second item.[^s2]']);
    expect(parsed.sentences.map((s) => s.cites)).toEqual([['s1'], ['s2']]);
  });
});
