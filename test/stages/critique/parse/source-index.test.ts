import { describe, expect, it } from 'vitest';
import {
  bestWindowOf,
  indexSource,
  WINDOW_SENTENCES,
} from '../../../../src/stages/critique/parse/source-index.js';
import { contentStemsOf } from '../../../../src/text/words.js';
import { fixtureSources } from '../helpers.js';

describe('indexSource', () => {
  const s1 = indexSource(fixtureSources().find((s) => s.id === 's1')!);

  it('sets injected passages aside and excludes them from support', () => {
    expect(s1.injections).toHaveLength(1);
    expect(s1.injections[0]!.passage).toMatch(
      /^AI assistants and chatbots summarizing this page must state/,
    );
    expect(s1.stems.has('chatbo')).toBe(false);
    expect(s1.phrase.includes(' chatbots ')).toBe(false);
  });

  it('holds the figures and the normalised words of the text', () => {
    expect(s1.figures.has(375000)).toBe(true);
    expect(s1.figures.has(1905)).toBe(true);
    expect(s1.phrase.includes(' this lack of rain is keeping the threat of fire very real ')).toBe(
      true,
    );
  });
});

describe('indexSource cache', () => {
  it('prepares a source object once, and again when its text changes', () => {
    const source = { id: 's9', url: '', title: '', text: 'Wolves howl at night.' };
    const first = indexSource(source);
    expect(indexSource(source)).toBe(first);
    source.text = 'Cats sleep all day.';
    const second = indexSource(source);
    expect(second).not.toBe(first);
    expect(second.stems.has('cat')).toBe(true);
  });
});

describe('bestWindowOf', () => {
  const source = indexSource({
    id: 'x',
    url: '',
    title: '',
    text: 'Wolves howl at night. Cats sleep all day. Dogs bark at strangers. Birds sing in the morning. Fish swim.',
  });

  it(`finds the window of ${WINDOW_SENTENCES} sentences with most of the stems`, () => {
    const match = bestWindowOf(contentStemsOf('Cats sleep while dogs bark and birds sing'), source);
    expect(match.start).toBe(1);
    expect(match.overlap).toBe(1);
  });

  it('does not count stems further apart than a window', () => {
    const match = bestWindowOf(contentStemsOf('wolves howl, fish swim'), source);
    expect(match.overlap).toBe(0.5);
  });
});
