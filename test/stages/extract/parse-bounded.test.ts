import { describe, expect, it } from 'vitest';
import { ExtractError } from '../../../src/core/errors.js';
import { Deadline } from '../../../src/stages/extract/deadline.js';
import { parseHtml } from '../../../src/stages/extract/dom.js';
import { parseWithinBounds, startTagsOf } from '../../../src/stages/extract/parse-bounded.js';

/** A clock that moves `stepMs` each time it is read. */
function steppingClock(stepMs: number): () => number {
  let now = 0;
  return () => (now += stepMs);
}

function bounds(overrides: Partial<Parameters<typeof parseWithinBounds>[1]> = {}) {
  return {
    source: 'page.html',
    deadline: new Deadline('page.html', 5_000),
    maxElements: 100_000,
    maxDepth: 400,
    ...overrides,
  };
}

describe('parseWithinBounds', () => {
  it('fails a page past maxElements before parsing it, naming the bound and the count (both sides of the limit)', () => {
    const page = '<p>a</p>'.repeat(10);
    expect(startTagsOf(page)).toBe(10);
    expect(parseWithinBounds(page, bounds({ maxElements: 10 }))('p')).toHaveLength(10);
    const over = () => parseWithinBounds(`${page}<p>b</p>`, bounds({ maxElements: 10 }));
    expect(over).toThrow(ExtractError);
    expect(over).toThrow(
      /^extract page\.html: the page is past the element bound: 11 start tags > maxElements 10$/,
    );
  });

  it('counts the elements of the tree too: stray </p>s make elements without start tags', () => {
    const page = '<div>text</div>' + '</p>'.repeat(20);
    expect(startTagsOf(page)).toBe(1);
    expect(() => parseWithinBounds(page, bounds({ maxElements: 20 }))).toThrow(
      /the page is past the element bound: 21 elements > maxElements 20$/,
    );
    expect(parseWithinBounds(page, bounds({ maxElements: 21 }))('p')).toHaveLength(20);
  });

  it('parses in shrinking chunks to the same tree as one parse', () => {
    // Every chunk "takes" 20 ms on this clock, so each one halves the next (64 KB down to 1 KB).
    const page = `<article>${'<p class="x">Caf&eacute; &amp; cr\u00e8me, <a href="/a?b=1&amp;c=2">link</a> text.</p>'.repeat(2_000)}</article>`;
    expect(page.length).toBeGreaterThan(150_000);
    const $ = parseWithinBounds(
      page,
      bounds({ deadline: new Deadline('page.html', 1e9, steppingClock(20)) }),
    );
    expect($.html()).toBe(parseHtml(page).html());
    expect($('p')).toHaveLength(2_000);
  });

  it('checks the time bound while parsing, not after it', () => {
    // 10 ms a clock read (three per chunk): past 25 ms at the check after the second of the
    // page's nine chunks, not at the end of parsing.
    const page = '<p>words and more words</p>'.repeat(20_000);
    expect(() =>
      parseWithinBounds(
        page,
        bounds({ deadline: new Deadline('page.html', 25, steppingClock(10)) }),
      ),
    ).toThrow(
      /^extract page\.html: parsing took the page past the time bound: 50 ms > timeoutMs 25 ms$/,
    );
  });

  it('flattens nesting deeper than maxDepth before returning the tree', () => {
    const page = `${'<div>'.repeat(50)}<p>deep text</p>${'</div>'.repeat(50)}`;
    const $ = parseWithinBounds(page, bounds({ maxDepth: 10 }));
    expect($('div')).toHaveLength(10);
    expect($('p')).toHaveLength(0);
    expect($.root().text()).toContain('deep text');
  });
});

describe('Deadline', () => {
  it('checks the clock every 1,024 ticks, and on check', () => {
    let now = 0;
    const deadline = new Deadline('page.html', 100, () => now);
    now = 200;
    for (let i = 1; i < 1024; i++) deadline.tick('walking');
    expect(() => deadline.tick('walking')).toThrow(
      /^extract page\.html: walking took the page past the time bound: 200 ms > timeoutMs 100 ms$/,
    );
    expect(() => deadline.check('metadata')).toThrow(/metadata took the page past the time bound/);
  });
});
