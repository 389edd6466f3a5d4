import { describe, expect, it } from 'vitest';
import { estimateDraftCost, firstRequestOf } from '../../../src/engines/claude/estimate.js';
import { MODELS } from '../../../src/engines/claude/models.js';
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
    // chars / the model's chars per token (2.7 for the 5.x tokenizer, about 30% more tokens than
    // 3.5), and the body is nearly all ASCII, so bytes / 2.7 is within 1%.
    const perToken = MODELS['claude-sonnet-5-5']!.charsPerToken;
    expect(perToken).toBe(2.7);
    expect(Math.abs(estimate.firstRequestTokens - estimate.requestBytes / perToken)).toBeLessThan(
      estimate.requestBytes / (perToken * 100),
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

  it('counts the research tools in the first request when the topic enables research', () => {
    const request = { articles: doobieArticles(), sections: SECTIONS };
    const topic = contextOf().topic;
    const plain = firstRequestOf(request, topic, 'claude-sonnet-5-5');
    const researching = firstRequestOf(
      request,
      { ...topic, research: { maxQueries: 2, maxNewSources: 2 } },
      'claude-sonnet-5-5',
    );
    const names = (tools: typeof plain.tools) =>
      (tools ?? []).map((t) => ('name' in t ? t.name : ''));
    expect(names(plain.tools)).not.toContain('search_web');
    expect(names(researching.tools)).toEqual(expect.arrayContaining(['search_web', 'add_sources']));
    expect(
      estimateDraftCost(request, { ...topic, research: { maxQueries: 2, maxNewSources: 2 } })
        .firstRequestTokens,
    ).toBeGreaterThan(estimateDraftCost(request, topic).firstRequestTokens);
  });
});
