import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../src/stages/extract/dom.js';
import { extractArticle } from '../../../src/stages/extract/extract-article.js';
import { toHast } from '../../../src/stages/extract/to-hast.js';
import { renderArticle } from '../../../src/stages/extract/to-markdown.js';

/** Markdown and text of one `<div>` of HTML, through the same conversion as an article. */
function render(html: string): { markdown: string; text: string } {
  const root = parseHtml(`<div id="root">${html}</div>`)('#root')[0] as Element;
  return renderArticle(toHast([root], 'https://news.example/story'));
}

const PROSE =
  '<p>The river cleanup drew more than three hundred volunteers from the valley this weekend, and they cleared two tonnes of rubbish.</p>';

describe('block boundaries (issue 22)', () => {
  it('separates a caption from the byline after it inside an inline wrapper, in Markdown and text', () => {
    const { markdown, text } = render('<em><h3>(credit: NASA)</h3>by Jeff Foust</em>');
    expect(markdown).toBe('### _(credit: NASA)_\n\n_by Jeff Foust_');
    expect(text).toBe('(credit: NASA)\n\nby Jeff Foust');
  });

  it('separates the blocks of a data-table cell with a space', () => {
    const { markdown, text } = extractArticle(
      `<article>${PROSE}<table><tr><th>Photo</th><th>Place</th></tr><tr><td><div>(credit: NASA)</div><div>by Jeff Foust</div></td><td>Michoud</td></tr></table>${PROSE}</article>`,
      { url: 'https://news.example/story' },
    );
    expect(markdown).toMatch(/^\| \(credit: NASA\) by Jeff Foust \| Michoud +\|$/m);
    expect(text).toContain('(credit: NASA) by Jeff Foust Michoud');
  });

  it('drops a link left with no text or image, never writing [](url)', () => {
    const { markdown } = render('<p>Before <a href="/x"><span> </span></a>after.</p>');
    expect(markdown).toBe('Before after.');
  });
});
