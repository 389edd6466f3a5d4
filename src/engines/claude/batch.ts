import Anthropic from '@anthropic-ai/sdk';
import { readFileSync } from 'node:fs';
import type { StageContext } from '../../core/context.js';
import { BudgetExceededError, UsageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/files.js';
import type { DraftRequest } from '../types.js';
import { engineErrorOf } from './api-errors.js';
import { requireModel } from './estimate.js';
import { DRAFT_ANSWER_TOKENS, maxTokensOf } from './max-tokens.js';
import { thinkingParamsOf } from './thinking.js';
import { BATCH_MULTIPLIER, DEFAULT_MODEL, worstCaseUsdOf } from './prices.js';
import { briefOf } from './prompt.js';
import { selectPassages } from './preselect.js';
import { SYSTEM_PROMPT } from './prompt.js';
import { sourceDocOf } from './source-text.js';
import { estimateTokens } from './tokens.js';
import { SUBMIT_TOOL, TOOLS } from './tools.js';

/** One draft of a batch: its id (1-64 of `[A-Za-z0-9_-]`), request, and context (topic, budget). */
export interface BatchItem {
  customId: string;
  request: DraftRequest;
  ctx: StageContext;
}

/** Client settings of the batch functions (as {@link createClaudeEngine}'s). */
export interface BatchOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  maxOutputTokens?: number;
  maxRetries?: number;
  timeoutMs?: number;
}

/** What a submitted batch needs to be collected later, possibly by another process. */
export interface BatchState {
  batchId: string;
  model: string;
  submittedAt: string;
  items: Array<{ customId: string; topic: string; sourceIds: string[]; sections: string[] }>;
  /** Items not submitted, with why (a budget stop). */
  refused: Array<{ customId: string; reason: string }>;
}

const ASK =
  'The passages below were selected from the sources for you; you cannot read more. Write the draft from them and call submit_draft.';

/** The SDK client of the batch functions. */
export function clientOf(options: BatchOptions): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    maxRetries: options.maxRetries ?? 3,
    timeout: options.timeoutMs ?? 300_000,
  });
}

/**
 * Submits drafting requests of several topics as one Message Batch (half price). A batch request
 * cannot call tools, so passages are selected locally ({@link selectPassages}) and only
 * `submit_draft` is offered. Each item's worst case (at batch price) is reserved on its own
 * budget first; an item that does not fit is left out and listed in `refused`. The state is
 * written to `stateFile` (atomically) before returning, so polling can resume after a crash.
 *
 * @param items Drafts to submit.
 * @param options Client settings.
 * @param stateFile Where to keep the state (optional), e.g. `.pipeline/cache/batches/<name>.json`.
 * @throws UsageError for a bad custom id or model; EngineError when the API refuses the batch.
 */
export async function submitDraftBatch(
  items: BatchItem[],
  options: BatchOptions,
  stateFile?: string,
): Promise<BatchState> {
  const model = options.model ?? DEFAULT_MODEL;
  const spec = requireModel(model);
  const price = spec.price;
  const requests: Anthropic.Messages.BatchCreateParams.Request[] = [];
  const state: BatchState = { batchId: '', model, submittedAt: '', items: [], refused: [] };
  // Results come back keyed by custom id, in any order: two items with one id could not be told
  // apart (the API refuses such a batch too).
  const seen = new Set<string>();
  for (const item of items) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(item.customId))
      throw new UsageError(`batch: custom id "${item.customId}" must be 1-64 of A-Z a-z 0-9 _ -`);
    if (seen.has(item.customId))
      throw new UsageError(
        `batch: custom id "${item.customId}" is used twice; each item needs its own`,
      );
    seen.add(item.customId);
    const docs = item.request.articles.map(sourceDocOf);
    // Each topic's own thinking effort (`thinking.effort`), as a run of that topic would use.
    const effort = item.ctx.topic.thinking?.effort;
    const thinking = thinkingParamsOf(spec, 'draft', effort ? { effort } : undefined);
    const maxTokens =
      options.maxOutputTokens ??
      maxTokensOf(DRAFT_ANSWER_TOKENS, thinking.thinkingTokens, spec.maxOutputTokens);
    const params: Anthropic.MessageCreateParamsNonStreaming = {
      model,
      max_tokens: maxTokens,
      thinking: thinking.thinking,
      output_config: thinking.output_config,
      system: [{ type: 'text', text: SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }],
      tools: TOOLS.filter((tool) => tool.name === SUBMIT_TOOL),
      tool_choice: { type: 'auto' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: briefOf(item.ctx.topic, item.request.sections, docs) },
            {
              type: 'text',
              text: `${ASK}\n\n${selectPassages(docs, item.ctx.topic, item.request.sections)}`,
            },
          ],
        },
      ],
    };
    try {
      item.ctx.budget.reserve(
        'draft',
        worstCaseUsdOf(
          estimateTokens(JSON.stringify(params), spec.charsPerToken),
          maxTokens,
          price,
        ) * BATCH_MULTIPLIER,
      );
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      state.refused.push({ customId: item.customId, reason: error.message });
      continue;
    }
    requests.push({ custom_id: item.customId, params });
    state.items.push({
      customId: item.customId,
      topic: item.ctx.topic.name,
      sourceIds: docs.map((d) => d.id),
      sections: item.request.sections,
    });
  }
  if (requests.length === 0) return state;
  try {
    const batch = await clientOf(options).messages.batches.create({ requests });
    state.batchId = batch.id;
    state.submittedAt = batch.created_at;
  } catch (error) {
    throw engineErrorOf(error, {
      stage: 'draft',
      step: 'batch submit',
      topic: state.items.map((i) => i.topic).join(', '),
      model,
      turn: 1,
      maxRetries: options.maxRetries ?? 3,
      timeoutMs: options.timeoutMs ?? 300_000,
      apiKey: options.apiKey,
    });
  }
  if (stateFile) writeFileAtomic(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

/** Reads a state file written by {@link submitDraftBatch}. */
export function loadBatchState(stateFile: string): BatchState {
  return JSON.parse(readFileSync(stateFile, 'utf8')) as BatchState;
}
