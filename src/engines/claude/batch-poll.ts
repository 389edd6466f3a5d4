import type Anthropic from '@anthropic-ai/sdk';
import type { StageContext } from '../../core/context.js';
import { EngineError } from '../../core/errors.js';
import type { ModelCall } from '../../core/usage.js';
import type { DraftOutput } from '../../stages/draft/types.js';
import { engineErrorOf, type CallSite } from './api-errors.js';
import { clientOf, type BatchOptions, type BatchState } from './batch.js';
import { requirePrice } from './estimate.js';
import { billedTokensOf } from './ledger.js';
import { BATCH_MULTIPLIER, usageOf, usdOf } from './prices.js';
import { validateSubmission } from './submit-schema.js';
import { SUBMIT_TOOL } from './tools.js';

/** The outcome of one item. */
export type BatchDraftResult =
  | { customId: string; output: DraftOutput }
  | { customId: string; error: string; output?: DraftOutput };

/**
 * Polls a batch until it has ended, then turns each result into a DraftOutput accounted at batch
 * price (one call, request id `<batch id>/<custom id>`). A result without a valid `submit_draft`
 * is an error entry (batch requests get no correction turn). Charges each item's budget when
 * `ctxOf` gives its context.
 *
 * @param state From {@link submitDraftBatch} or {@link loadBatchState}.
 * @param options Client settings, plus `intervalMs` between polls (default 30000), `maxWaitMs`
 *   (default 24 h, the API's own limit) and `sleep` (for tests).
 * @param ctxOf The context of an item, for its budget (optional).
 * @throws EngineError when the batch has not ended within `maxWaitMs` (poll again later) or the API fails.
 */
export async function pollBatch(
  state: BatchState,
  options: BatchOptions & {
    intervalMs?: number;
    maxWaitMs?: number;
    sleep?: (ms: number) => Promise<void>;
  },
  ctxOf: (customId: string) => StageContext | undefined = () => undefined,
): Promise<BatchDraftResult[]> {
  const client = clientOf(options);
  const price = requirePrice(state.model);
  const intervalMs = options.intervalMs ?? 30_000;
  const maxWaitMs = options.maxWaitMs ?? 24 * 3600_000;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const site: CallSite = {
    stage: 'draft',
    step: 'batch poll',
    topic: state.items.map((i) => i.topic).join(', '),
    model: state.model,
    turn: 1,
    maxRetries: options.maxRetries ?? 3,
    timeoutMs: options.timeoutMs ?? 300_000,
    apiKey: options.apiKey,
  };
  let waited = 0;
  let batch: Anthropic.Messages.MessageBatch;
  for (;;) {
    try {
      batch = await client.messages.batches.retrieve(state.batchId);
    } catch (error) {
      throw engineErrorOf(error, site);
    }
    if (batch.processing_status === 'ended') break;
    if (waited >= maxWaitMs) {
      throw new EngineError(
        site.stage,
        `batch ${state.batchId} still ${batch.processing_status} after ${waited} ms; poll again later`,
        { code: 'ENGINE_BATCH_PENDING' },
      );
    }
    await sleep(intervalMs);
    waited += intervalMs;
  }
  const elapsedMs = batch.ended_at ? Date.parse(batch.ended_at) - Date.parse(batch.created_at) : 0;
  const results: BatchDraftResult[] = [];
  const items = new Map(state.items.map((item) => [item.customId, item]));
  try {
    for await (const line of await client.messages.batches.results(state.batchId)) {
      const item = items.get(line.custom_id);
      if (!item) continue;
      if (line.result.type !== 'succeeded') {
        const why =
          line.result.type === 'errored'
            ? (line.result.error.error?.message ?? 'errored')
            : line.result.type;
        results.push({
          customId: item.customId,
          error: `batch ${state.batchId} ${item.customId}: ${why}`,
        });
        continue;
      }
      const message = line.result.message;
      const tokens = billedTokensOf(message.usage);
      const usage = usageOf(tokens, usdOf(tokens, price, true));
      ctxOf(item.customId)?.budget.charge(usage.usd);
      const call: ModelCall = {
        stage: 'draft',
        step: 'batch',
        model: state.model,
        requestId: `${state.batchId}/${item.customId}`,
        usage,
        elapsedMs,
      };
      const use = message.content.find(
        (b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === SUBMIT_TOOL,
      );
      // A batch request gets no correction turn: what it answered is reported as it is, and an
      // answer cut at max_tokens is never validated as if it were complete.
      const why = unusableOf(message, use !== undefined);
      const checked = why
        ? { ok: false as const, problems: [why] }
        : validateSubmission(use!.input, new Set(item.sourceIds), item.sections);
      const output: DraftOutput = {
        content: checked.ok ? checked.content : null,
        engine: `claude:${state.model}`,
        usage,
        calls: [call],
        notes: [`batch ${state.batchId}: one call at batch price (x${BATCH_MULTIPLIER})`],
      };
      if (checked.ok) results.push({ customId: item.customId, output });
      else
        results.push({
          customId: item.customId,
          error: `batch ${state.batchId} ${item.customId}: ${why ?? `invalid draft: ${checked.problems.slice(0, 3).join('; ')}`}`,
          output,
        });
    }
  } catch (error) {
    throw engineErrorOf(error, site);
  }
  return results;
}

/** Why a batch answer cannot be a draft before its input is even read, or undefined. */
function unusableOf(message: Anthropic.Message, submitted: boolean): string | undefined {
  switch (message.stop_reason) {
    case 'max_tokens':
      return `truncated: the answer was cut at max_tokens${submitted ? ' inside submit_draft' : ''}; the draft was not used`;
    case 'model_context_window_exceeded':
      return 'truncated: the answer filled the context window; the draft was not used';
    case 'refusal':
      return `refused by the model${message.stop_details?.category ? ` (category ${message.stop_details.category})` : ''}`;
    default:
      if (submitted) return undefined;
      return message.content.some((b) => b.type === 'text' && b.text.trim())
        ? 'answered in text without calling submit_draft (a batch request gets no correction turn)'
        : `empty answer (stop reason ${message.stop_reason ?? 'none'})`;
  }
}
