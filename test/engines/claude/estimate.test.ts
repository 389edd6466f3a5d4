import { describe, expect, it } from 'vitest';
import { estimateDraftCost } from '../../../src/engines/claude/estimate.js';
import { contextOf, doobieArticles, SECTIONS } from './helpers.js';

describe('estimateDraftCost', () => {
  it('counts the first request locally, far below the sources it indexes', () => {
    const articles = doobieArticles();
    // Ten copies make a topic whose sources outweigh the fixed prompt (tools, system).
    const many = Array.from({ length: 10 }, (_, i) =>
      articles.map((a) => ({ ...a, id: `s${i * 3 + Number(a.id.slice(1))}` })),
    ).flat();
    const estimate = estimateDraftCost({ articles: many, sections: SECTIONS }, contextOf().topic);
    expect(estimate.sourceBytes).toBe(
      many.reduce((sum, a) => sum + Buffer.byteLength(a.markdown), 0),
    );
    expect(estimate.requestBytes).toBeLessThan(estimate.sourceBytes * 0.25);
    // chars / 3.5, and the body is nearly all ASCII, so bytes / 3.5 is within 1%.
    expect(Math.abs(estimate.firstRequestTokens - estimate.requestBytes / 3.5)).toBeLessThan(
      estimate.requestBytes / 350,
    );
    expect(estimate.calls).toBe(7);
    expect(estimate.outputTokens).toBeGreaterThan(0);
    expect(estimate.usd).toBeGreaterThan(0);
    expect(estimate.usd).toBeLessThan(0.5);
  });

  it('prices by model and refuses a model without a price', () => {
    const request = { articles: doobieArticles(), sections: SECTIONS };
    const topic = contextOf().topic;
    const sonnet = estimateDraftCost(request, topic);
    const opus = estimateDraftCost(request, topic, 'claude-opus-5-5');
    // Twice the price per token; the model's name is part of the counted request, hence ~2.
    expect(opus.usd / sonnet.usd).toBeCloseTo(2, 2);
    expect(() => estimateDraftCost(request, topic, 'nope-1')).toThrow(
      /no price for model "nope-1"/,
    );
  });
});
