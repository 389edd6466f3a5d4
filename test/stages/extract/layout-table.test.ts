import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/stages/extract/extract-article.js';

const PROSE =
  '<p>The river cleanup drew more than three hundred volunteers from the valley this weekend, and they cleared two tonnes of rubbish.</p>';

function markdownOf(body: string): string {
  return extractArticle(`<html><body><article>${PROSE}${body}${PROSE}</article></body></html>`, {
    url: 'https://news.example/story',
  }).markdown;
}

/** Lines of a Markdown that are GFM table rows. */
function tableRowsOf(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('|'));
}

describe('layout tables (issue 22)', () => {
  it('unwraps a table whose cells hold headings, paragraphs and images into blocks, and keeps a data table after it, every block on its own line', () => {
    const markdown = markdownOf(
      '<table><tr><td><h2>The weir</h2><p>Volunteers cleared the weir first.</p><img src="/weir.jpg" alt="The weir"></td>' +
        '<td><p>Then they walked the towpath.</p></td></tr></table>' +
        '<table><thead><tr><th>Item</th><th>Tonnes</th></tr></thead><tbody><tr><td>Plastic</td><td>1.2</td></tr><tr><td>Metal</td><td>0.8</td></tr></tbody></table>' +
        '<h2>What next</h2><p>The council will fund skips.</p>',
    );
    expect(markdown).toContain(
      '## The weir\n\nVolunteers cleared the weir first.\n\n![The weir](https://news.example/weir.jpg)\n\nThen they walked the towpath.\n\n| Item',
    );
    expect(tableRowsOf(markdown)).toHaveLength(4);
    for (const row of tableRowsOf(markdown)) expect(row).toMatch(/^\|.*\|$/);
    expect(markdown).toContain(
      '| Metal   | 0.8    |\n\n## What next\n\nThe council will fund skips.',
    );
  });

  it('unwraps a one-column table, and a table holding a nested table, which stays a table when it holds data', () => {
    const markdown = markdownOf(
      '<table><tr><td>First row of a one-column table</td></tr><tr><td>Second row</td></tr></table>' +
        '<table><tr><td><table><tr><th>Item</th><th>Tonnes</th></tr><tr><td>Plastic</td><td>1.2</td></tr></table></td><td>Weighed at the depot</td></tr></table>',
    );
    expect(markdown).toContain('First row of a one-column table\n\nSecond row');
    expect(tableRowsOf(markdown)).toEqual([
      '| Item    | Tonnes |',
      '| ------- | ------ |',
      '| Plastic | 1.2    |',
    ]);
    expect(markdown).toContain('| Plastic | 1.2    |\n\nWeighed at the depot');
  });

  it('writes a page whose article is a layout cell as blocks, the caption apart from the byline', () => {
    // Trimmed from The Space Review (thespacereview.com/article/3834/1), public eval page
    // c00962aa...: the article is the middle cell of a three-column layout table.
    const html = `<html><body><table><tbody><tr><td width="20%"> </td><td width="60%">
<table align="center" width="600"><tbody><tr><td><img src="/archive/3834a.jpg" alt="SLS core stage"><div class="info2">The core stage of the first SLS at Michoud Assembly Facility. (credit: NASA/Jude Guidry)</div></td></tr></tbody></table>
<h1 class="headline">Seeking a bigger role for a big rocket</h1>
<h3 class="byline">by Jeff Foust<br><span class="datetime">Monday, November 18, 2019</span></h3>
<p>Earlier this month, NASA announced the newest milestone in the development of its long-awaited (and long-delayed) Space Launch System.</p>
<p>At the Michoud Assembly Facility in New Orleans, workers completed installation of the four RS-25 engines into the rocket's core stage.</p>
</td><td width="20%"> </td></tr></tbody></table></body></html>`;
    const { markdown, text } = extractArticle(html, {
      url: 'https://www.thespacereview.com/article/3834/1',
    });
    expect(tableRowsOf(markdown)).toEqual([]);
    expect(markdown).not.toMatch(/\)by|Guidry\)\S/);
    expect(text).not.toMatch(/Guidry\)\S/);
    expect(markdown).toMatch(/^Earlier this month, NASA announced/m);
  });
});
