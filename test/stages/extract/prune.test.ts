import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/stages/extract/extract-article.js';

const PROSE =
  'The committee met on Tuesday to discuss the proposal, which would change how the city funds its libraries, parks and pools over the next ten years.';

function page(inner: string, head = ''): string {
  return `<html><head>${head}</head><body><div class="article-body"><p>${PROSE}</p>${inner}<p>${PROSE.replace('Tuesday', 'Friday')}</p></div></body></html>`;
}

describe('pruning inside the article', () => {
  it('keeps a link that is a whole inline span of a sentence', () => {
    const { text } = extractArticle(
      page(
        '<p>The report is out, and <span><a href="https://x.example/r">the results are in</a></span>. Members will vote next month on the final text of the plan.</p>',
      ),
    );
    expect(text).toContain('The report is out, and the results are in. Members will vote');
  });

  it('drops a "Tags" run of links sitting loose in the container, but not links inside a paragraph', () => {
    const { text } = extractArticle(
      page(
        '<strong>Tags <a href="/t/a">libraries</a>, <a href="/t/b">parks budget</a>, <a href="/t/c">pools</a></strong><p>Read <a href="/plan">the full plan</a> before the vote, the chair said to the members of the committee.</p>',
      ),
    );
    expect(text).not.toContain('parks budget');
    expect(text).toContain('Read the full plan before the vote');
  });

  it('drops a heading or styled paragraph repeating the title, keeps other headings', () => {
    const html = page(
      '<p class="titulo">Library funding: what changes</p><h2>What happens next</h2>',
      '<title>Library funding: what changes | City Times</title>',
    );
    const { text } = extractArticle(html);
    expect(text).not.toContain('Library funding: what changes');
    expect(text).toContain('What happens next');
  });

  it('drops a stock phrase alone in its block, but keeps the same words inside a sentence', () => {
    const { text } = extractArticle(
      page(
        '<div><a href="/share">Share this article</a></div><p>Residents can share this article with neighbours, the council said, and comment online until May.</p>',
      ),
    );
    expect(text).not.toMatch(/^Share this article$/m);
    expect(text).toContain('Residents can share this article with neighbours');
  });

  it('drops a dateline <time> but keeps a <time> inside a sentence', () => {
    const { text } = extractArticle(
      page(
        '<time datetime="2024-05-01">May 1, 2024</time><p>The vote is set for <time datetime="2024-06-04">June 4</time>, after the summer consultation with residents ends.</p>',
      ),
    );
    expect(text).not.toMatch(/^May 1, 2024$/m);
    expect(text).toContain('The vote is set for June 4, after');
  });

  it('drops blocks whose class names say comments, share or related, and figure captions', () => {
    const { text } = extractArticle(
      page(
        '<figure><img src="a.jpg" alt="x"><figcaption>Photo: City archive</figcaption></figure><div class="post-author">Written by a staff writer who covers the council.</div><div class="comment_content"><p>I disagree with this whole plan, it is a waste of money and time for everyone.</p></div>',
      ),
    );
    expect(text).not.toContain('City archive');
    expect(text).not.toContain('staff writer');
    expect(text).not.toContain('I disagree');
    expect(text.split('\n\n')).toHaveLength(2);
  });
});
