import type { Check } from './check-context.js';
import type { Finding } from '../types.js';

/**
 * `unknown-source`: a citation to an id that the frontmatter `sources` list does not hold
 * (`error`), or to a listed source whose text was not given to the critique (`warning`: nothing
 * it says can be checked).
 */
export const checkUnknownSource: Check = (ctx) => {
  const findings: Finding[] = [];
  const listed = [...ctx.known].join(', ') || 'none';
  const textless = new Set<string>();
  for (const sentence of ctx.draft.sentences) {
    for (const id of sentence.cites) {
      if (!ctx.known.has(id)) {
        const footnote = ctx.draft.footnotes.get(id);
        findings.push({
          kind: 'unknown-source',
          severity: 'error',
          sentence: sentence.text,
          source: id,
          detail: `cites [^${id}], which is not in the frontmatter sources (${listed})${
            footnote
              ? `; its footnote points at ${footnote}`
              : '; it has no footnote definition either'
          }`,
        });
      } else if (!ctx.sources.has(id) && ctx.sources.size > 0 && !textless.has(id)) {
        textless.add(id);
        findings.push({
          kind: 'unknown-source',
          severity: 'warning',
          sentence: sentence.text,
          source: id,
          detail: `[^${id}] is in the frontmatter but its text was not among the ${ctx.sources.size} sources given, so no claim citing it can be checked`,
        });
      }
    }
  }
  return findings;
};
