import { countWords } from '../../../text/sentences.js';
import type { Check } from './check-context.js';
import { isFactual } from './factual.js';
import type { Finding } from '../types.js';

/**
 * `definition-of-done`: the topic's `done` block. Words are counted over the body prose (headings,
 * footnote definitions and citation markers left out); sections are `## ` headings compared
 * case-insensitively; sources are distinct ids cited that the frontmatter lists; coverage is the
 * share of factual sentences that carry a citation. Each unmet requirement is one `error` whose
 * `sentence` names it (`minWords`, `maxWords`, `minSources`, `citationCoverage` or the section).
 *
 * A required section the draft's frontmatter lists under `notCovered` (`section`, `reason`: the
 * engine found no source covering it) is reported as not covered, with the reason, instead of
 * missing. That finding is a `warning`: the draft is not done, but a revision from the same
 * sources cannot fix it, and an error would send the model back to fill the gap with prose no
 * source supports (issue 16).
 */
export const checkDefinitionOfDone: Check = (ctx) => {
  const done = ctx.done;
  if (!done) return [];
  const findings: Finding[] = [];
  const fail = (requirement: string, detail: string) =>
    findings.push({
      kind: 'definition-of-done',
      severity: 'error',
      sentence: requirement,
      source: null,
      detail,
    });

  const words = countWords(ctx.draft.sentences.map((s) => s.text).join(' '));
  if (words < done.minWords)
    fail('minWords', `draft is too short: ${words} words, minWords is ${done.minWords}`);
  if (done.maxWords !== undefined && words > done.maxWords) {
    fail('maxWords', `draft is too long: ${words} words, maxWords is ${done.maxWords}`);
  }

  const headings = new Set(
    ctx.draft.headings.filter((h) => h.depth === 2).map((h) => normal(h.text)),
  );
  const found =
    ctx.draft.headings
      .filter((h) => h.depth === 2)
      .map((h) => `"${h.text}"`)
      .join(', ') || 'none';
  const notCovered = notCoveredOf(ctx.draft.frontmatter);
  for (const section of done.sections) {
    const reason = notCovered.get(normal(section));
    if (reason !== undefined && !headings.has(normal(section))) {
      findings.push({
        kind: 'definition-of-done',
        severity: 'warning',
        sentence: section,
        source: null,
        detail: `required section "## ${section}" is not covered by the sources: ${reason}`,
      });
    } else if (!headings.has(normal(section))) {
      fail(
        section,
        `required section "## ${section}" is missing; the draft's sections are ${found}`,
      );
    }
  }

  const cited = new Set(
    ctx.draft.sentences.flatMap((s) => s.cites).filter((id) => ctx.known.has(id)),
  );
  if (cited.size < done.minSources) {
    fail(
      'minSources',
      `draft cites ${cited.size} distinct source(s) (${[...cited].join(', ') || 'none'}), minSources is ${done.minSources}`,
    );
  }

  const factual = ctx.draft.sentences.filter((s) => isFactual(s.text));
  if (factual.length > 0) {
    const covered = factual.filter((s) => s.cites.some((id) => ctx.known.has(id))).length;
    const coverage = covered / factual.length;
    if (coverage < done.citationCoverage) {
      fail(
        'citationCoverage',
        `${covered} of ${factual.length} factual sentences carry a valid citation (${(coverage * 100).toFixed(1)}%), citationCoverage is ${(done.citationCoverage * 100).toFixed(0)}%`,
      );
    }
  }
  return findings;
};

// The frontmatter's `notCovered` list by normalised section; malformed entries are ignored (the
// section is then reported missing, as before).
function notCoveredOf(frontmatter: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const list = frontmatter.notCovered;
  if (!Array.isArray(list)) return out;
  for (const entry of list as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { section, reason } = entry as Record<string, unknown>;
    if (typeof section === 'string' && typeof reason === 'string' && reason.trim())
      out.set(normal(section), reason.trim());
  }
  return out;
}

// Headings compare without emphasis marks, a trailing colon, typographic quotes or case.
function normal(heading: string): string {
  return heading
    .normalize('NFKC')
    .replace(/[*_`]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/:$/, '')
    .toLowerCase();
}
