import type { ModelCall, Usage } from '../../core/usage.js';
import type { Article } from '../dedupe/types.js';
import type { Research } from '../../engines/types.js';

/** One sentence of a draft and the source ids that support it. */
export interface DraftSentence {
  text: string;
  cite: string[];
}

/** A paragraph: sentences in order. */
export interface DraftParagraph {
  sentences: DraftSentence[];
}

/** A `## heading` and its paragraphs. */
export interface DraftSection {
  heading: string;
  paragraphs: DraftParagraph[];
  /**
   * Why the sources do not cover this required section, instead of paragraphs (which are then
   * empty). Rendered into the frontmatter's `notCovered`, and reported by the critique's
   * definition-of-done check, rather than filled with unsupported prose.
   */
  notCovered?: string;
}

/** The structured draft every engine produces (the `submit_draft` schema of INTERFACES). */
export interface DraftContent {
  title: string;
  description: string;
  /** Paragraphs before the first heading. */
  intro: DraftParagraph[];
  sections: DraftSection[];
}

/** Input of the draft stage. */
export interface DraftInput {
  /** The sources that survived dedupe. */
  articles: Article[];
  /** Web research the engine may use (issue 23), when the run offers it. */
  research?: Research;
}

/** Output of the draft stage. */
export interface DraftOutput {
  /** The draft, or null when there was nothing to draft from (or a budget stop). */
  content: DraftContent | null;
  /** Engine id: `offline` or `claude:<model>`. */
  engine: string;
  usage: Usage;
  calls: ModelCall[];
  /** What the engine wants the report to say (budget stop, turns used, ...). */
  notes: string[];
}
export type { Article } from '../dedupe/types.js';
export type { ModelCall } from '../../core/usage.js';
