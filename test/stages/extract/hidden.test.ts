import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../src/stages/extract/dom.js';
import {
  MAX_HIDDEN_TEXT_LENGTH,
  MAX_HIDDEN_TEXTS,
  removeHidden,
} from '../../../src/stages/extract/hidden.js';

describe('removeHidden', () => {
  it('records a nested hidden block once, with its text', () => {
    const $ = parseHtml(
      '<div hidden>outer <span style="display:none">inner</span></div><p>kept</p>',
    );
    expect(removeHidden($.root()[0]!)).toEqual(['outer inner']);
    expect($.root().text()).toBe('kept');
  });

  it('records up to MAX_HIDDEN_TEXTS texts, and removes the rest anyway', () => {
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => `<p hidden>h${i}</p>`).join('');
    expect(removeHidden(parseHtml(items(MAX_HIDDEN_TEXTS)).root()[0]!)).toHaveLength(
      MAX_HIDDEN_TEXTS,
    );
    const $ = parseHtml(`${items(MAX_HIDDEN_TEXTS + 1)}<p>kept</p>`);
    expect(removeHidden($.root()[0]!)).toHaveLength(MAX_HIDDEN_TEXTS);
    expect($.root().text()).toBe('kept');
  });

  it('cuts a text longer than MAX_HIDDEN_TEXT_LENGTH, keeps one of exactly that length', () => {
    const exact = 'a'.repeat(MAX_HIDDEN_TEXT_LENGTH);
    expect(removeHidden(parseHtml(`<p hidden>${exact}</p>`).root()[0]!)).toEqual([exact]);
    const [cut] = removeHidden(parseHtml(`<p hidden>${exact}b</p>`).root()[0]!);
    expect(cut).toHaveLength(MAX_HIDDEN_TEXT_LENGTH);
    expect(cut!.endsWith('…')).toBe(true);
  });
});
