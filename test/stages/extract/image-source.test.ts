import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/stages/extract/extract-article.js';

const PROSE =
  '<p>The river cleanup drew more than three hundred volunteers from the valley this weekend, and they cleared two tonnes of rubbish.</p>';

/** A page whose article holds `body` between two paragraphs of prose. */
function pageOf(body: string, head = ''): string {
  return `<html><head>${head}</head><body><article>${PROSE}${body}${PROSE}</article></body></html>`;
}

describe('images and links (issue 22)', () => {
  it('resolves URLs against <base href>, itself resolved against the fetched URL', () => {
    const { markdown } = extractArticle(
      pageOf(
        '<p>See <a href="notes/a.html">the notes</a>.</p><img src="img/a.png" alt="A chart">',
        '<base href="/static/">',
      ),
      { url: 'https://news.example/2024/story.html' },
    );
    expect(markdown).toContain('[the notes](https://news.example/static/notes/a.html)');
    expect(markdown).toContain('![A chart](https://news.example/static/img/a.png)');
  });

  it("resolves a local file's relative images against the file's own URL, and a remote page never to file:", () => {
    const html = pageOf('<img src="pics/a.png" alt="A chart">');
    expect(extractArticle(html, { url: 'file:///home/me/saved/page.html' }).markdown).toContain(
      '![A chart](file:///home/me/saved/pics/a.png)',
    );
    const remote = extractArticle(pageOf('<img src="file:///etc/a.png" alt="A chart">'), {
      url: 'https://news.example/story',
    }).markdown;
    expect(remote).not.toContain('file:');
  });

  it('takes the real source from data-src, data-lazy-src, data-original and the largest srcset candidate', () => {
    const { markdown } = extractArticle(
      pageOf(
        [
          '<img src="data:image/gif;base64,R0lGOD" data-src="/a.jpg" alt="first">',
          '<img src="/spacer.gif" data-lazy-src="/b.jpg" alt="second">',
          '<img data-original="/c.jpg" alt="third">',
          '<img data-srcset="/d-400.jpg 400w, /d-1200.jpg 1200w, /d-800.jpg 800w" alt="fourth">',
          '<img srcset="/e-1x.jpg 1x, /e-2x.jpg 2x" alt="fifth">',
        ].join(''),
      ),
      { url: 'https://news.example/story' },
    );
    expect(markdown).toContain('![first](https://news.example/a.jpg)');
    expect(markdown).toContain('![second](https://news.example/b.jpg)');
    expect(markdown).toContain('![third](https://news.example/c.jpg)');
    expect(markdown).toContain('![fourth](https://news.example/d-1200.jpg)');
    expect(markdown).toContain('![fifth](https://news.example/e-2x.jpg)');
  });

  it('takes a <noscript> fallback for a lazy image without a source, and alone when no image is beside it', () => {
    const { markdown } = extractArticle(
      pageOf(
        '<figure><img class="lazy" alt="Volunteers"><noscript><img src="/v.jpg" alt="Volunteers"></noscript></figure>' +
          '<div><noscript>Enable JavaScript<img src="/w.jpg" alt="The weir"></noscript></div>',
      ),
      { url: 'https://news.example/story' },
    );
    expect(markdown).toContain('![Volunteers](https://news.example/v.jpg)');
    expect(markdown).toContain('![The weir](https://news.example/w.jpg)');
    expect(markdown).not.toContain('Enable JavaScript');
  });

  it('drops an image whose URL cannot be resolved, keeping its alt as text only when it is a caption', () => {
    const { markdown, text } = extractArticle(
      pageOf(
        '<img src="javascript:void(0)" alt="Volunteers haul a rusted shopping trolley from the river">' +
          '<img class="lazy" alt="image">' +
          '<img alt="IMG_2041.jpg">',
      ),
    );
    expect(markdown).not.toMatch(/\]\(\)|!\[/);
    expect(markdown).toContain('Volunteers haul a rusted shopping trolley from the river');
    expect(text).not.toContain('IMG_2041');
    expect(markdown).not.toContain('IMG_2041');
    expect(markdown).not.toMatch(/\bimage\b/);
  });
});

describe('images: <noscript> fallbacks', () => {
  it('takes the fallback source from its srcset when it has no src', () => {
    const { markdown } = extractArticle(
      pageOf(
        '<figure><img class="lazy" alt="Volunteers"><noscript><img srcset="/v-600.jpg 600w, /v-1200.jpg 1200w" alt="Volunteers"></noscript></figure>',
      ),
      { url: 'https://news.example/story' },
    );
    expect(markdown).toContain('![Volunteers](https://news.example/v-1200.jpg)');
  });
});

describe('images: <picture> sources', () => {
  it('takes the largest candidate of the first <source> that resolves when the <img> has no source, and keeps an <img> source', () => {
    const { markdown } = extractArticle(
      pageOf(
        '<picture><source srcset="javascript:void(0)"><source type="image/webp" srcset="/p-400.webp 400w, /p-1600.webp 1600w"><source srcset="/p.jpg"><img alt="The weir at dawn"></picture>' +
          '<picture><source data-srcset="/q-1x.jpg 1x, /q-2x.jpg 2x"><img src="data:image/gif;base64,R0lGOD" alt="Lazy weir"></picture>' +
          '<picture><source srcset="/r-800.jpg 800w"><img src="/r.jpg" alt="Fallback weir"></picture>',
      ),
      { url: 'https://news.example/story' },
    );
    expect(markdown).toContain('![The weir at dawn](https://news.example/p-1600.webp)');
    expect(markdown).toContain('![Lazy weir](https://news.example/q-2x.jpg)');
    expect(markdown).toContain('![Fallback weir](https://news.example/r.jpg)');
  });
});
