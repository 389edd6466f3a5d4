import type { DoneSpec } from '../../core/topic.js';
import type { ModelCall, Usage } from '../../core/usage.js';
import type { CorpusIndex } from '../../corpus/types.js';

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
  | 'template-syntax'
  | 'stale-relative-time'
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
  /** The source passage the finding compared the sentence with, when there was one. */
  evidence?: Evidence;
}

/**
 * A passage of one extracted source that a draft sentence or a finding was compared with (issues
 * 18 and 19). Positions index the source's sentence list as the critique splits it
 * (`SourceIndex.sentences`: the source's title first when it has one, then the sentences of the
 * body of `sources/<id>.md`), so a viewer can show the passage in its context.
 */
export interface Evidence {
  /** Source id (`s1`). */
  source: string;
  /** The compared source sentences, as the source says them, joined with a space. */
  passage: string;
  /**
   * First sentence index and one past the last, in `SourceIndex.sentences`. An empty span
   * (`[k, k]`) is a passage that is not among those sentences: an injected instruction, set aside
   * from the trusted text, that sat just before sentence `k`.
   */
  sentences: [number, number];
  /** Share (0 to 1) of the draft sentence's content stems found in the passage, when measured. */
  score?: number;
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

/** A quotation inside a draft paragraph. */
export interface DraftQuote {
  /** The quoted words, without the quote marks. */
  text: string;
  /** Index (into {@link ParsedDraft.sentences}) of the sentences the quote spans. */
  sentences: number[];
}

/** One sentence of the draft body, with the citations that follow or sit inside it. */
export interface ParsedSentence {
  /** The sentence as written, footnote markers removed, whitespace collapsed. */
  text: string;
  /** The sentence as written, markers included. */
  raw: string;
  /** Cited ids in order of appearance, de-duplicated. */
  cites: string[];
  /** The `## ` heading the sentence sits under ('' before the first heading). */
  section: string;
  /** Index of the paragraph in {@link ParsedDraft.paragraphs}. */
  paragraph: number;
}

/** A draft source entry of the frontmatter. */
export interface DraftSourceRef {
  id: string;
  url: string;
  title: string;
  /** When the source was published, `YYYY-MM-DD` (frontmatter `published`), when known. */
  published?: string;
}

/** A heading of the draft body. */
export interface DraftHeading {
  /** 1 for `#`, 2 for `##`, ... */
  depth: number;
  text: string;
}

/** A draft split into what the checks look at. */
export interface ParsedDraft {
  /** The whole draft file as given (frontmatter included). */
  file: string;
  /** Frontmatter fields (empty when there is none or it is not valid YAML). */
  frontmatter: Record<string, unknown>;
  /** Frontmatter `sources`, in order. */
  sources: DraftSourceRef[];
  headings: DraftHeading[];
  /** Prose paragraphs (headings and footnote definitions excluded), as written. */
  paragraphs: string[];
  sentences: ParsedSentence[];
  /** Footnote definitions: id -> text after `[^id]:`. */
  footnotes: Map<string, string>;
  quotes: DraftQuote[];
  /** The body prose (paragraphs joined by blank lines, markers included). */
  body: string;
}

/** The passage of a cited source that best aligns with a draft sentence. */
export interface CitedPassage {
  /** Source id. */
  source: string;
  /**
   * The source's best windows for the sentence, in source order (`…` between windows that are not
   * adjacent), at most `PASSAGE_MAX_CHARS` characters.
   */
  text: string;
}

/** One draft sentence as the model critic sees it: its citations and the passages they point at. */
export interface CriticSentence {
  text: string;
  cites: string[];
  section: string;
  passages: CitedPassage[];
}

/**
 * What the model critic is asked: the draft sentence by sentence with the best passages of each
 * cited source, bounded (token discipline: never whole sources), and the deterministic findings so that it
 * looks for what they cannot see (a claim that contradicts the words it reuses).
 */
export interface CriticRequest {
  title: string;
  sentences: CriticSentence[];
  findings: Finding[];
}

/** What the model critic answers (through a forced findings tool, in the Claude engine). */
export interface CriticResult {
  findings: Finding[];
  usage: Usage;
  calls: ModelCall[];
  /** What the report should say, e.g. a text-only answer or a fallback from a forced tool. */
  notes?: string[];
}

/**
 * A model critic. The Claude engine implements it with an adversarial prompt and a forced
 * findings tool; tests pass a fake. It may throw `BudgetExceededError` before a call it cannot
 * afford.
 */
export type ModelCritic = (request: CriticRequest) => Promise<CriticResult>;
