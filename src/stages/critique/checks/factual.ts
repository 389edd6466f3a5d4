import { figuresOf } from '../parse/figures.js';
import { contentStemsOf, namesOf } from '../../../text/words.js';

/** Content words from which a sentence without names or figures is taken to state a claim. */
export const CLAIM_MIN_CONTENT_WORDS = 4;

/**
 * Whether a sentence states something checkable and so needs a citation: it has a figure, a name,
 * a quotation, or enough content words to be a claim. Questions and short transitions ("Here is
 * what changed.", "That matters.") are not factual.
 *
 * @param text A draft sentence (footnote markers allowed).
 */
export function isFactual(text: string): boolean {
  const plain = text.replace(/\[\^[^\]\s]*\]/g, '').trim();
  if (plain === '' || /\?["'”’)]*$/.test(plain)) return false;
  if (figuresOf(plain).some((figure) => !figure.word)) return true;
  if (/["“”]/.test(plain)) return true;
  if (namesOf(plain).length > 0) return true;
  return contentStemsOf(plain).length >= CLAIM_MIN_CONTENT_WORDS;
}
