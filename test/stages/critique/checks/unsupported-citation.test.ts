import { describe, expect, it } from 'vitest';
import {
  checkUnsupportedCitation,
  NOVEL_MIN_SHARE,
  WINDOW_MAX_OVERLAP,
} from '../../../../src/stages/critique/checks/unsupported-citation.js';
import { contextOf } from '../helpers.js';

describe('checkUnsupportedCitation', () => {
  it('accepts faithful paraphrases of the cited source', () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        [
          'A virtually rainless fall has left brush bone-dry, and forecasts called for low humidity and strong winds.[^s1]',
          "One Napa County station has not seen a measurable drop of rain since mid-September, said Scott Strenfel, PG&E's principal meteorologist.[^s1]",
          'Noem cited the backlash as proof that the effort to raise awareness was working.[^s2]',
        ].join(' '),
      ),
    );
    expect(findings).toEqual([]);
  });

  it('reports names that appear in no cited source, as an error', () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        'The campaign was designed by Daniel Levy, a consultant from Minneapolis, the governor said.[^s2]',
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'unsupported-citation',
      severity: 'error',
      source: 's2',
    });
    expect(findings[0]!.detail).toContain('"daniel", "levy"');
  });

  it(`reports a clause whose words are absent (>= ${NOVEL_MIN_SHARE}) and uncovered (<= ${WINDOW_MAX_OVERLAP})`, () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        "Twitter temporarily suspended the governor's account, and Noem later tweeted that the meth epidemic needs to be a dinner table conversation.[^s2]",
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.detail).toContain("Twitter temporarily suspended the governor's account");
  });

  it('checks against the cited source, not another one', () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        'Pacific Gas & Electric Co. was set to begin shutting off power to people in Northern California counties.[^s2]',
      ),
    );
    expect(findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('takes one unknown name in an otherwise supported sentence as info only', () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        'The planned blackouts will affect counties north of Sacramento, Oregon and the wine country.[^s1]',
      ),
    );
    expect(findings.map((f) => [f.severity, f.detail.includes('"oregon"')])).toEqual([
      ['info', true],
    ]);
  });
});
