import { describe, expect, it } from 'vitest';
import { markdownDefectsOf } from '../../../src/stages/extract/markdown-defects.js';

describe('markdownDefectsOf', () => {
  it('counts empty image and link URLs, empty link text, one-column tables and text after a table row', () => {
    const markdown = [
      'An image ![chart]() and a link [the notes]( ) and [](https://news.example/x).',
      '',
      '|     |',
      '| --- |',
      '| one |',
      '',
      '| a | b |',
      '| - | - |',
      '| 1 | 2 |### by Jeff Foust',
    ].join('\n');
    expect(markdownDefectsOf(markdown)).toEqual({
      emptyUrls: 2,
      emptyLinkTexts: 1,
      oneColumnTables: 1,
      textAfterTableRows: 1,
    });
  });

  it('counts none in sound Markdown, nor in code blocks, escaped pipes, images without alt or links whose text is code', () => {
    const markdown = [
      '![](https://news.example/a.jpg) and [text](https://news.example/) and `[]()`.',
      'The [`colorsys`](https://docs.example/colorsys.html "colorsys") module.',
      '',
      '| a | b \\| c |',
      '| - | ------ |',
      '| 1 | 2      |',
      '',
      '```md',
      '| x |',
      '| - |',
      '[]()',
      '```',
    ].join('\n');
    expect(markdownDefectsOf(markdown)).toEqual({
      emptyUrls: 0,
      emptyLinkTexts: 0,
      oneColumnTables: 0,
      textAfterTableRows: 0,
    });
  });
});
