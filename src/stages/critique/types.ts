import type { DoneSpec } from '../../core/topic.js';
import type { CorpusIndex } from '../dedupe/types.js';

/** Finding kinds of INTERFACES; the critique may add more. */
export type FindingKind =
  | 'missing-citation'
  | 'unknown-source'
  | 'unsupported-citation'
  | 'quote-not-in-source'
  | 'number-not-in-source'
  | 'single-source-consensus'
  | 'prompt-injection'
  | 'too-close-to-corpus'
  | 'definition-of-done'
  | (string & {});

/** One thing the critique found. `error` blocks the draft from being called clean. */
export interface Finding {
  kind: FindingKind;
  severity: 'error' | 'warning' | 'info';
  /** The draft sentence (or, for `prompt-injection`, the source passage). */
  sentence: string;
  /** Source id involved, or null. */
  source: string | null;
  /** What was checked against what, and why it failed. */
  detail: string;
}

/** A source as the critique reads it (a run folder's `sources/<id>.md`). */
export interface SourceText {
  id: string;
  url: string;
  title: string;
  /** Article Markdown/text. */
  text: string;
}

/** Input of the critique stage. */
export interface CritiqueInput {
  /** The whole draft file: frontmatter and Markdown body. */
  draft: string;
  /** The sources the draft may cite. */
  sources: SourceText[];
  /** The topic's definition of done, when known. */
  done?: DoneSpec;
  /** The corpus index, for `too-close-to-corpus`. */
  corpus?: CorpusIndex;
}

/** Output of the critique stage. */
export interface CritiqueOutput {
  findings: Finding[];
}
