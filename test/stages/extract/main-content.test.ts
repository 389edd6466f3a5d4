import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/stages/extract/extract-article.js';

const sentence = (topic: string, n: number) =>
  `Paragraph ${n} about ${topic} has several clauses, commas, and enough words to read like prose in a real article.`;
const paragraphs = (topic: string, count: number) =>
  Array.from({ length: count }, (_, i) => `<p>${sentence(topic, i + 1)}</p>`).join('');

describe('main-content detection', () => {
  it('picks the article over a longer comment thread marked as comments', () => {
    const html = `<body><div class="wrap"><div class="story">${paragraphs('the harbour', 3)}</div>
      <div id="comments"><div class="comment">${paragraphs('my opinion', 8)}</div></div></div></body>`;
    const { text } = extractArticle(html);
    expect(text).toContain('about the harbour');
    expect(text).not.toContain('my opinion');
  });

  it('joins an article split into repeated sections between figures', () => {
    const section = (topic: string) =>
      `<div class="part"><div class="inner"><div class="text">${paragraphs(topic, 3)}</div></div></div>`;
    const html = `<body><div id="post">${section('part one')}<figure><img src="a.jpg" alt=""></figure>${section('part two')}<figure><img src="b.jpg" alt=""></figure>${section('part three')}</div>
      <div class="teasers"><a href="/x">Other story</a></div></body>`;
    const { text } = extractArticle(html);
    for (const part of ['part one', 'part two', 'part three'])
      expect(text).toContain(`about ${part}`);
    expect(text).not.toContain('Other story');
  });

  it('follows the JSON-LD articleBody hint between two equally good blocks', () => {
    const body = [1, 2, 3, 4, 5].map((n) => sentence('the second block', n)).join(' ');
    const ld = `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'H', articleBody: body })}</script>`;
    const html = `<head>${ld}</head><body><div class="a">${paragraphs('the first block', 5)}</div><div class="b">${paragraphs('the second block', 5)}</div></body>`;
    const { text } = extractArticle(html);
    expect(text).toContain('about the second block');
    expect(text).not.toContain('about the first block');
    const withoutHint = extractArticle(html.replace(ld, '')).text;
    expect(withoutHint).toContain('about the first block');
  });
});
