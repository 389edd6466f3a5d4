import { join } from 'node:path';
import { writeFileAtomic } from '../core/files.js';
import { buildEvidence, type EvidenceInput } from './build.js';
import { renderEvidenceHtml } from './render-html.js';
import type { EvidenceDocument } from './types.js';

export { buildEvidence, passageOf, strengthOf, EVIDENCE_THRESHOLDS } from './build.js';
export type { EvidenceInput } from './build.js';
export { renderEvidenceHtml, escapeHtml, safeHrefOf } from './render-html.js';
export type { EvidencePageOptions } from './render-html.js';
export type * from './types.js';

/** File names of the evidence data and page in a run folder. */
export const EVIDENCE_JSON = 'evidence.json';
export const EVIDENCE_HTML = 'evidence.html';

/**
 * Builds a draft's evidence and writes it into the run folder as `evidence.json` and its page as
 * `evidence.html` (self-contained: open it from the folder or an artifact), each atomically.
 *
 * @param runDir The run folder.
 * @param input The draft, its sources and what the run recorded.
 * @returns The evidence document written.
 */
export function writeEvidence(runDir: string, input: EvidenceInput): EvidenceDocument {
  const doc = buildEvidence(input);
  writeFileAtomic(join(runDir, EVIDENCE_JSON), `${JSON.stringify(doc, null, 2)}\n`);
  writeFileAtomic(join(runDir, EVIDENCE_HTML), renderEvidenceHtml(doc));
  return doc;
}
