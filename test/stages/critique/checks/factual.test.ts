import { describe, expect, it } from 'vitest';
import {
  CLAIM_MIN_CONTENT_WORDS,
  isFactual,
} from '../../../../src/stages/critique/checks/factual.js';

describe('isFactual', () => {
  it('takes sentences with figures, names, quotes or a claim as factual', () => {
    expect(isFactual('Nearly 300 school districts closed because of the rally.')).toBe(true);
    expect(isFactual('The shutoffs were criticised by Marybel Batjer.')).toBe(true);
    expect(isFactual('He called it "terribly disruptive."')).toBe(true);
    expect(
      isFactual(
        'Businesses and residents have complained that the outages were overly broad and carried out thoughtlessly.',
      ),
    ).toBe(true);
  });

  it('does not take transitions and questions as factual', () => {
    expect(isFactual('Here is what changed.')).toBe(false);
    expect(isFactual('What does it mean for Indiana teachers and their pay next year?')).toBe(
      false,
    );
  });

  it(`needs ${CLAIM_MIN_CONTENT_WORDS} content words for a claim without names or figures`, () => {
    // Three content words (complained, outages, broad), then four.
    expect(isFactual('They complained the outages were broad.')).toBe(false);
    expect(isFactual('They complained the outages were overly broad.')).toBe(true);
  });
});
