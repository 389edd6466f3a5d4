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

  it('takes the whole list when the best block is one of its items, and the headings and lists beside it', () => {
    // SQLite's quickstart page: the article loose in <body>, its longest block one list item.
    const code = Array.from(
      { length: 30 },
      (_, i) => `${i + 1}  rc = sqlite3_exec(db, argv[2], callback, 0, &amp;zErrMsg);`,
    ).join('\n');
    const html = `<body><div class="menu"><ul><li><a href="/">Home</a></li><li><a href="/docs">Docs</a></li></ul></div>
      <p>Here is what you do to start experimenting with SQLite without a lot of tedious reading and configuration:</p>
      <h2>Create A New Database</h2>
      <ul><li><p>${sentence('the shell prompt', 1)}</p></li><li><p>${sentence('the SQL commands', 2)}</p></li></ul>
      <h2>Write Programs That Use SQLite</h2>
      <ul><li><p>${sentence('the TCL program', 3)}</p><blockquote><pre>puts "hello"</pre></blockquote></li>
      <li><p>${sentence('the C program', 4)}</p><blockquote><pre>${code}</pre></blockquote></li></ul></body>`;
    const { text, markdown } = extractArticle(html);
    for (const part of ['the shell prompt', 'the SQL commands', 'the TCL program', 'the C program'])
      expect(text).toContain(`about ${part}`);
    expect(text).toContain('Here is what you do');
    expect(markdown).toContain('## Create A New Database');
    expect(markdown).toContain('## Write Programs That Use SQLite');
    expect(text).not.toContain('Docs');
  });
});
