import { describe, expect, it } from 'vitest';
import { isoDateOf } from '../../../src/stages/fetch/feed-dates.js';

describe('isoDateOf', () => {
  it.each([
    ['Tue, 05 Apr 2022 09:20 EDT', '2022-04-05T13:20:00Z'],
    ['Wed, 02 Feb 2022 09:20:00 EST', '2022-02-02T14:20:00Z'],
    ['Tue, 12 Apr 2022 10:00:00 PDT', '2022-04-12T17:00:00Z'],
    ['Thu, 14 May 2020 10:00:18 Z', '2020-05-14T10:00:18Z'],
    ['Mon, 4 Apr 2022 10:00:00 +0100', '2022-04-04T09:00:00Z'],
    ['Mon, 04 Apr 22 10:00:00 GMT', '2022-04-04T10:00:00Z'],
    ['Sat, 04 Apr 98 10:00:00 GMT', '1998-04-04T10:00:00Z'],
    ['04 Apr 2022 10:00:00 -0400', '2022-04-04T14:00:00Z'],
    ['2016-06-27T07:36:54.007-07:00', '2016-06-27T14:36:54Z'],
    ['2024-05-06T07:08:09+0000', '2024-05-06T07:08:09Z'],
    ['2024-05-06T07:08:09', '2024-05-06T07:08:09Z'],
    ['2024-05-06', '2024-05-06T00:00:00Z'],
    ['  2024-05-06T07:08Z  ', '2024-05-06T07:08:00Z'],
    ['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40Z'],
    ['Di, 05 Mär 2024 10:00:00 +0100', '2024-03-05T09:00:00Z'],
    ['jeu., 06 juin 2024 10:00:00 +0200', '2024-06-06T08:00:00Z'],
    ['ven., 05 juil. 2024 10:00:00 +0200', '2024-07-05T08:00:00Z'],
  ])('%s is %s', (text, iso) => {
    expect(isoDateOf(text)).toBe(iso);
  });
  it('gives null for empty or unreadable dates', () => {
    expect(isoDateOf('')).toBeNull();
    expect(isoDateOf(undefined)).toBeNull();
    expect(isoDateOf('yesterday-ish')).toBeNull();
  });
});
