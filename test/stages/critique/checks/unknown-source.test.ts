import { describe, expect, it } from 'vitest';
import { checkUnknownSource } from '../../../../src/stages/critique/checks/unknown-source.js';
import { contextOf, fixtureSources } from '../helpers.js';

describe('checkUnknownSource', () => {
  it('reports a citation to an id the frontmatter does not list, as an error', () => {
    const findings = checkUnknownSource(
      contextOf(
        'The campaign cost the state roughly $449,000, according to the Sioux Falls Argus Leader.[^s3]',
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'unknown-source', severity: 'error', source: 's3' });
    expect(findings[0]!.detail).toContain('not in the frontmatter sources (s1, s2)');
  });

  it('accepts listed ids, and warns once when a listed source has no text', () => {
    const onlyS1 = fixtureSources().filter((s) => s.id === 's1');
    const findings = checkUnknownSource(
      contextOf('Power was cut Wednesday.[^s1] Noem defended it.[^s2] Twitter mocked it.[^s2]', {
        sources: onlyS1,
      }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'unknown-source',
        severity: 'warning',
        source: 's2',
        sentence: 'Noem defended it.',
      }),
    ]);
  });
});
