import { splitSentences, countWords } from '../../text/sentences.js';
import { STOPWORDS } from '../../text/stopwords.js';
import type { Article } from '../../stages/draft/types.js';

/** A source sentence the extractive drafter may use verbatim. */
export interface Candidate {
  /** The sentence, verbatim from the source. */
  text: string;
  /** Source id. */
  sourceId: string;
  /** Index of the sentence in its source (reading order). */
  position: number;
  /** Position as a share of the source's sentences, 0 (first) to 1 (last). */
  relativePosition: number;
  words: number;
  /** Lower-cased content-word tokens. */
  tokens: string[];
}

// Page furniture that survives extraction now and then: never a sentence of a draft.
const FURNITURE =
  /\b(click here|subscribe|sign up|newsletter|cookie|all rights reserved|share this|read more|advertisement|follow us|log in|sign in|terms of (use|service)|privacy policy|originally published|republished with permission|related (stories|articles|posts)|comments? (are|is) closed|leave a comment|skip to)\b/i;

// A sentence that leans on the one before it reads like a fragment when lifted alone.
const DANGLING_START =
  /^(but|and|or|so|yet|also|however|still|then|this|that|these|those|it|its|they|them|their|he|she|his|her|him|such|both|meanwhile|instead|otherwise|likewise|similarly|moreover|furthermore|thus|hence|therefore)\b/i;

/**
 * Splits sources into candidate sentences, keeping only those that stand alone as prose:
 * 8 to 60 words, sentence-initial capital or quote or digit, terminal punctuation, no URLs, no
 * page furniture, balanced quotes and brackets.
 *
 * @param articles Sources, in id order.
 */
export function candidatesOf(articles: Article[]): Candidate[] {
  const out: Candidate[] = [];
  for (const article of articles) {
    const sentences = splitSentences(article.text);
    sentences.forEach((text, position) => {
      if (!isStandalone(text)) return;
      out.push({
        text,
        sourceId: article.id,
        position,
        relativePosition: sentences.length > 1 ? position / (sentences.length - 1) : 0,
        words: countWords(text),
        tokens: tokensOf(text),
      });
    });
  }
  return out;
}

/** Lower-cased content words of a text (letters and digits, stopwords and 1-letter words out). */
export function tokensOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [])
    .map((word) => word.replace(/['’]s$/, ''))
    .filter((word) => word.length > 1 && !STOPWORDS.has(word));
}

function isStandalone(text: string): boolean {
  const words = countWords(text);
  if (words < 8 || words > 60) return false;
  if (!/^["“‘']?[\p{Lu}\p{N}]/u.test(text)) return false;
  if (!/[.!]["”’')\]]*$/.test(text)) return false; // questions and unfinished lines read badly
  if (/https?:\/\/|www\.|\S+@\S+\.\w/.test(text)) return false;
  // Markdown-active characters would change meaning when the sentence is rendered verbatim.
  if (/[[\]<>*`_#]/.test(text)) return false;
  if (/[|›»·•]/.test(text) || FURNITURE.test(text)) return false;
  if (DANGLING_START.test(text)) return false;
  if (!isBalanced(text)) return false;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length > 0 && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.5)
    return false;
  return true;
}

function isBalanced(text: string): boolean {
  const count = (pattern: RegExp) => (text.match(pattern) ?? []).length;
  if (count(/\(/g) !== count(/\)/g) || count(/\[/g) !== count(/\]/g)) return false;
  if (count(/“/g) !== count(/”/g)) return false;
  return count(/"/g) % 2 === 0;
}
