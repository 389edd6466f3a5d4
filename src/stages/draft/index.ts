import type { StageContext } from '../../core/context.js';
import { DEFAULT_SECTIONS } from '../../core/topic.js';
import { zeroUsage } from '../../core/usage.js';
import type { DraftEngine } from '../../engines/types.js';
import type { DraftInput, DraftOutput } from './types.js';

/**
 * The draft stage: hands the surviving sources to the engine. With no source left there is
 * nothing to draft, and that is an answer, not a failure.
 *
 * @param input The sources that survived dedupe.
 * @param ctx Stage context (topic, budget, ...).
 * @param engine The drafting engine chosen by the CLI.
 */
export async function draft(
  input: DraftInput,
  ctx: StageContext,
  engine: DraftEngine,
): Promise<DraftOutput> {
  if (input.articles.length === 0) {
    return {
      content: null,
      engine: engine.id,
      usage: zeroUsage(),
      calls: [],
      notes: ['no source survived dedupe'],
    };
  }
  return engine.draft(
    {
      articles: input.articles,
      sections: sectionsOf(ctx),
      ...(input.research ? { research: input.research } : {}),
    },
    ctx,
  );
}

/** The sections a draft must have: the topic's `done.sections`, or the defaults. */
export function sectionsOf(ctx: StageContext): string[] {
  return ctx.topic.done.sections.length > 0 ? ctx.topic.done.sections : DEFAULT_SECTIONS;
}
