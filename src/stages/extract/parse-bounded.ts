/**
 * Parsing under the page's bounds, so that every later step (metadata included) walks a tree
 * whose size and depth are capped:
 *
 * 1. the start tags are counted on the raw text before parsing (a page with more than
 *    `maxElements` fails at once), and the elements again, exactly, by the first walk;
 * 2. the page is parsed in chunks with the time bound checked after each one: htmlparser2 keeps
 *    its open elements in an array it `unshift`s into, so each tag costs as much as the nesting
 *    is deep, and 100,000 nested `<div>`s take seconds to parse alone;
 * 3. nesting deeper than `maxDepth` is flattened before anything else reads the tree.
 */
import { stringStream, type CheerioAPI } from 'cheerio';
import { ExtractError } from '../../core/errors.js';
import type { Deadline } from './deadline.js';
import { capDepth, PARSE_OPTIONS } from './dom.js';

/** Most elements a page may hold (default for `maxElements`); the eval pages hold under 2,000. */
export const DEFAULT_MAX_ELEMENTS = 100_000;

/** Characters handed to the parser at first between two checks of the time bound. */
const FIRST_CHUNK_CHARS = 65_536;
/** Smallest chunk, in characters. */
const MIN_CHUNK_CHARS = 1024;
/**
 * A chunk that took longer than this (ms) halves the next one: ordinary pages parse in a few
 * large chunks (smaller chunks cost about 10% more parsing time), while on deep nesting, where
 * each tag costs more than the one before, the bound is checked every few milliseconds.
 */
const SLOW_CHUNK_MS = 10;

/** The bounds of one page. */
export interface ParseBounds {
  /** Name of the page in error messages. */
  source: string;
  deadline: Deadline;
  /** Most elements accepted (counted as start tags on the raw text). */
  maxElements: number;
  /** Deepest element nesting kept; deeper elements are flattened into their text. */
  maxDepth: number;
}

/**
 * Parses a page within its bounds.
 *
 * @param html The decoded page (already cut to `maxChars`).
 * @param bounds Source name, time bound, element and depth bounds.
 * @returns The parsed page, nesting capped at `maxDepth`.
 * @throws ExtractError when the page holds more than `maxElements` start tags, or when parsing
 *   or flattening runs past the time bound.
 */
export function parseWithinBounds(html: string, bounds: ParseBounds): CheerioAPI {
  const tags = startTagsOf(html);
  if (tags > bounds.maxElements) {
    throw new ExtractError(
      bounds.source,
      `the page is past the element bound: ${tags} start tags > maxElements ${bounds.maxElements}`,
    );
  }
  const $ = parseInChunks(html, bounds.deadline);
  // A stray `</p>` or `</br>` makes an element without a start tag: the tree is counted too.
  const { elements } = capDepth($.root()[0]!, bounds.maxDepth, bounds.deadline);
  if (elements > bounds.maxElements) {
    throw new ExtractError(
      bounds.source,
      `the page is past the element bound: ${elements} elements > maxElements ${bounds.maxElements}`,
    );
  }
  return $;
}

/** `<` then a letter opens an element. */
const START_TAG = /<[a-z]/gi;

/**
 * Start tags in `html`: the elements htmlparser2 creates, give or take (tags inside comments and
 * scripts count too; a stray `</p>` makes an element without one). A regular-expression scan,
 * linear in the length of the page.
 *
 * @param html The page.
 */
export function startTagsOf(html: string): number {
  START_TAG.lastIndex = 0;
  let count = 0;
  while (START_TAG.exec(html) !== null) count++;
  return count;
}

function parseInChunks(html: string, deadline: Deadline): CheerioAPI {
  let parsed: CheerioAPI | undefined;
  let failure: Error | null | undefined;
  // cheerio's string stream drives the same htmlparser2 parser and DomHandler as `load`, one
  // chunk at a time; its writes and its end run synchronously (nothing is ever buffered).
  const stream = stringStream(PARSE_OPTIONS, (error, $) => {
    failure = error;
    parsed = $;
  });
  try {
    let size = FIRST_CHUNK_CHARS;
    for (let start = 0; start < html.length;) {
      const end = start + size;
      const before = deadline.elapsedMs();
      stream.write(html.slice(start, end));
      deadline.check('parsing');
      if (deadline.elapsedMs() - before > SLOW_CHUNK_MS) size = Math.max(MIN_CHUNK_CHARS, size / 2);
      start = end;
    }
    stream.end();
  } catch (error) {
    stream.destroy();
    throw error;
  }
  if (failure) throw failure;
  // Only reachable if a Node release made Writable's end asynchronous.
  if (!parsed) throw new Error('the HTML parser did not finish synchronously');
  return parsed;
}
