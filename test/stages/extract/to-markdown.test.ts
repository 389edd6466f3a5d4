import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { Deadline } from '../../../src/stages/extract/deadline.js';
import { MAX_BLOCKS_PER_RENDER, renderArticle } from '../../../src/stages/extract/to-markdown.js';

function paragraph(n: number): Element {
  return {
    type: 'element',
    tagName: 'p',
    properties: {},
    children: [
      { type: 'text', value: `Paragraph ${n} has ` },
      {
        type: 'element',
        tagName: 'em',
        properties: {},
        children: [{ type: 'text', value: 'some' }],
      },
      { type: 'text', value: ' words.' },
    ],
  };
}

/** An article of `count` paragraphs inside `<article><div>`, whitespace between them. */
function articleOf(count: number): Root {
  const blocks = Array.from({ length: count }, (_, i) => [
    paragraph(i + 1),
    { type: 'text' as const, value: '\n' },
  ]).flat();
  const div: Element = { type: 'element', tagName: 'div', properties: {}, children: blocks };
  return {
    type: 'root',
    children: [{ type: 'element', tagName: 'article', properties: {}, children: [div] }],
  };
}

describe('renderArticle', () => {
  it('renders a long article in batches, the time bound checked between them, to the same Markdown and text as block by block', () => {
    let now = 0;
    const deadline = new Deadline('long.html', 1_000, () => now);
    const count = MAX_BLOCKS_PER_RENDER * 2 + 7;
    const { markdown, text } = renderArticle(articleOf(count), deadline);
    const numbers = Array.from({ length: count }, (_, i) => i + 1);
    expect(numbers).toHaveLength(1_007);
    expect(markdown).toBe(numbers.map((n) => `Paragraph ${n} has _some_ words.`).join('\n\n'));
    expect(text).toBe(numbers.map((n) => `Paragraph ${n} has some words.`).join('\n\n'));

    now = 1_500;
    expect(() => renderArticle(articleOf(MAX_BLOCKS_PER_RENDER + 1), deadline)).toThrow(
      /^extract long\.html: conversion took the page past the time bound: 1500 ms > timeoutMs 1000 ms$/,
    );
    // A short article is one render, whatever the clock says (the caller checks after it).
    expect(renderArticle(articleOf(3), deadline).text).toContain('Paragraph 3');
  });
});
