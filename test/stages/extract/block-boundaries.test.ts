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
      `<article>${PROSE}<table><tr><th>Photo</th><th>Place</th></tr><tr><td><div>(credit: NASA)</div><div>core stage on its stand</div></td><td>Michoud</td></tr></table>${PROSE}</article>`,
      { url: 'https://news.example/story' },
    );
    expect(markdown).toMatch(/^\| \(credit: NASA\) core stage on its stand \| Michoud +\|$/m);
    expect(text).toContain('(credit: NASA) core stage on its stand Michoud');
  });

  it('writes a heading that holds a list as one heading line, with no list marker (the plain text has none)', () => {
    expect(render('<h3><ol><li>"My fears have been realized"</li></ol></h3>')).toEqual({
      markdown: '### "My fears have been realized"',
      text: '"My fears have been realized"',
    });
    expect(render('<h2><ul><li>one</li><li>two</li></ul></h2>')).toEqual({
      markdown: '## one two',
      text: 'one two',
    });
  });

  it('ends a paragraph and a list item where the next <li> starts, as an HTML5 parser does', () => {
    const { markdown, text } = render(
      '<ul><li><p>First item, measured on 2017-10-08.<li><p>Second item.<li><p>Third item.</ul>',
    );
    expect(markdown).toBe(
      '- First item, measured on 2017-10-08.\n\n- Second item.\n\n- Third item.',
    );
    expect(text).toBe('First item, measured on 2017-10-08.\n\nSecond item.\n\nThird item.');
  });

  it('drops a link left with no text or image, never writing [](url)', () => {
    const { markdown } = render('<p>Before <a href="/x"><span> </span></a>after.</p>');
    expect(markdown).toBe('Before after.');
  });
});
