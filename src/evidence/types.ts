import type { Usage } from '../core/usage.js';
import type { RunRecord } from '../core/run-record.js';
import type { Evidence, Finding } from '../stages/critique/types.js';

export type { Evidence, Finding } from '../stages/critique/types.js';

/**
 * How well a draft sentence is backed by the passages of the sources it cites
 * (see {@link EVIDENCE_THRESHOLDS}).
 */
export type EvidenceStrength = 'strong' | 'weak' | 'none';

/** One sentence of the final draft with the passages of the sources it cites. */
export interface SentenceEvidence {
  /** Position in the draft (0-based, in reading order). */
  index: number;
  /** The `## ` heading the sentence sits under ('' before the first heading). */
  section: string;
  /** Index of its paragraph in the draft body (0-based). */
  paragraph: number;
  /** The sentence as the reader sees it (footnote markers removed). */
  text: string;
  /** Cited source ids, in order of appearance. */
  cites: string[];
  /**
   * For each cited id that the run has a text for, the best supporting passage (one per source,
   * in `cites` order). A cited id without a text is listed in `missing` instead.
   */
  evidence: Evidence[];
  /** Cited ids the run has no extracted text for (unknown ids, or the run folder is gone). */
  missing: string[];
  strength: EvidenceStrength;
  /** Indices into {@link EvidenceDocument.findings} of the findings about this sentence. */
  findings: number[];
}

/** A finding with the sentence it is about, located in the draft. */
export interface FindingEvidence extends Finding {
  /** Index into {@link EvidenceDocument.sentences}, or null for a finding about the whole draft. */
  sentenceIndex: number | null;
}

/** A source of the run as the evidence view lists it. */
export interface EvidenceSource {
  id: string;
  /** The URL the draft cites (credentials removed). */
  url: string;
  title: string;
  /** How many draft sentences cite it. */
  citedBy: number;
  /** Whether the run folder has its extracted text. */
  hasText: boolean;
  /** How many sentences its text has (the title counted), 0 without a text. */
  sentenceCount: number;
}

/** A source dedupe dropped, and what it duplicated (as the run record holds it). */
export type EvidenceDrop = RunRecord['details']['drops'][number];

/** `evidence.json` of a run folder (and what the review server shows). */
export interface EvidenceDocument {
  /** Shape version of this document. */
  version: 1;
  runId: string | null;
  /** The draft file, relative to the project root. */
  draft: string;
  title: string;
  /** Score bounds of the strength classes. */
  thresholds: { strong: number; weak: number };
  /** Counts of sentences by strength. */
  summary: Record<EvidenceStrength, number>;
  sentences: SentenceEvidence[];
  findings: FindingEvidence[];
  sources: EvidenceSource[];
  dropped: EvidenceDrop[];
  /** Tokens and dollars of the draft (its frontmatter `cost`), when known. */
  cost: Usage | null;
}
