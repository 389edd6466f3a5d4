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

describe('pruning inside the article: the classes of issue 22', () => {
  it('keeps a link inside a sentence whatever its class or id says (auto-tag links, "textTag")', () => {
    const { text } = extractArticle(
      page(
        '<p>The <a href="/t/doobie-brothers/" id="auto-tag_doobie-brothers">Doobie Brothers</a> will unite for a tour, and the risks of deep <a href="/tags/space/" class="textTag">space travel</a> were discussed at length by the committee.</p>',
      ),
    );
    expect(text).toContain('The Doobie Brothers will unite for a tour');
    expect(text).toContain('deep space travel were discussed');
  });

  it('still drops a furniture-classed link that stands alone', () => {
    const { text } = extractArticle(
      page('<div><a class="tag" href="/t/libraries">libraries and parks</a></div>'),
    );
    expect(text).not.toContain('libraries and parks');
  });

  it('drops metadata lines in the body (dateline, byline, category, tags, reading time) but keeps a tweet attribution', () => {
    const { text } = extractArticle(
      page(
        '<small class="text-muted"><b>05/10/2018</b> - Publicado por: Clarissa Borba - Categoria: <a href="/c/19">Saúde</a> - Tags: <a href="/t/sad">sad</a></small><br>' +
          '<p class="estimated-read-time">Tempo de leitura:<small> 1 minuto</small></p>' +
          '<ul><li>by ライトハウス国際特許事務所 ／ 2016.12.01</li></ul>' +
          '<p>by Jeff Foust</p><p>Monday, November 18, 2019</p>' +
          '<p>This page last modified on 2018-07-07 17:44:20 UTC</p>' +
          '<blockquote><p>Clean air is a right.</p>— Josh Apte (@joshapte) November 3, 2019</blockquote>',
      ),
    );
    for (const line of [
      'Publicado por',
      'Tempo de leitura',
      'ライトハウス',
      'Jeff Foust',
      'November 18',
      'last modified',
    ]) {
      expect(text).not.toContain(line);
    }
    expect(text).toContain('— Josh Apte (@joshapte) November 3, 2019');
    expect(text).toContain('Friday');
  });

  it('drops a related-links label with the link blocks after it', () => {
    const { text } = extractArticle(
      page(
        '<p><strong>DON\'T MISS</strong></p><p><a href="/a">China furious at Macron for protest jibe</a> [<strong>INSIGHT]</strong><br><a href="/b">Lakers vs Nets: NBA make final decision</a> [<strong>VIDEO]</strong></p>' +
          '<p>The committee will meet again in the spring to hear from residents about the plan.</p>' +
          '<div class="heading-h3">More Great City Stories</div><ul><li>Pools close early, <a href="/p">and nobody knows why</a></li><li>Parks get lights, <a href="/l">at last</a></li></ul>',
      ),
    );
    expect(text).not.toMatch(/DON'T MISS|China furious|Lakers/);
    expect(text).not.toMatch(/More Great City Stories|Pools close early|Parks get lights/);
    expect(text).toContain('The committee will meet again in the spring');
  });

  it('keeps a heading that reads like a label when prose follows it', () => {
    const { text } = extractArticle(
      page(
        '<h3>More in the budget</h3><p>The chair said the vote would be close, and that the members had not yet read the final text of the plan.</p>',
      ),
    );
    expect(text).toContain('More in the budget');
  });

  it("drops a press release's closing company self-description, with its About heading", () => {
    const html = page(
      '<h3>About Ascom</h3><p>Ascom is a global solutions provider focused on healthcare ICT and mobile workflow solutions. Ascom is headquartered in Baar (Switzerland), has subsidiaries in 15 countries and employs around 1,300 people worldwide.</p>',
      '<title>Ascom announces a distribution partnership for intensive care units</title>',
    ).replace(/<p>The committee met on Friday[^<]*<\/p>/, '');
    const { text } = extractArticle(html);
    expect(text).not.toContain('global solutions provider');
    expect(text).not.toContain('About Ascom');
    expect(text).toContain('The committee met on Tuesday');
    // The same paragraph on a page whose title names another company is article text.
    const other = extractArticle(
      html.replace(/Ascom announces/, 'Hospitals choose a new alarm system'),
    ).text;
    expect(other).toContain('global solutions provider');
  });

  it('drops one-line related teasers ("Also: ...", "[Related: ...]", "More:") standing as blocks', () => {
    const { text } = extractArticle(
      page(
        '<p>Also: <a href="/bf">See Black Friday coverage at the sister site</a></p>' +
          '<p>[Related: <a href="/k">Keynote: integration, music and protesters</a>]</p><p>More:</p>',
      ),
    );
    expect(text).not.toMatch(/Black Friday|Keynote|More:/);
  });
});
