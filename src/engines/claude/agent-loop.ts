import type Anthropic from '@anthropic-ai/sdk';
import type { StageContext } from '../../core/context.js';
import { EngineError, PipelineError } from '../../core/errors.js';
import type { PipelineStage } from '../../core/stage.js';
import type { ModelCall } from '../../core/usage.js';
import type { DraftContent } from '../../stages/draft/types.js';
import { engineErrorOf } from './api-errors.js';
import { modelCallOf } from './ledger.js';
import { worstCaseUsdOf, type ModelPrice } from './prices.js';
import { TEXT_ONLY_NUDGE } from './prompt.js';
import { affordableMaxTokens } from './max-tokens.js';
import { EPHEMERAL, paramOf, requestOf } from './request.js';
import type { SourceDoc } from './source-text.js';
import { estimateTokens } from './tokens.js';
import { SUBMIT_TOOL, SourceTools } from './tools.js';
import { validateSubmission } from './submit-schema.js';

/** Settings of the loop (from the engine's options). */
export interface LoopSettings {
  client: Anthropic;
  model: string;
  price: ModelPrice;
  /** Most model calls per draft or revision. */
  maxTurns: number;
  /** Invalid `submit_draft` calls sent back for correction before giving up. */
  maxSubmitErrors: number;
  /** `max_tokens` of every call. */
  maxOutputTokens: number;
  /** For messages only: the SDK client does the retrying and the timing out. */
  maxRetries: number;
  timeoutMs: number;
  /** Only to redact it from messages. */
  apiKey: string;
}

/** One conversation to run. */
export interface LoopTask {
  /** `draft` or `revise`: the messages' wording and the ledger's step. */
  step: 'draft' | 'revise';
  /** The stage that asked: `draft`, or `critique` for a revision. Its calls and errors name it. */
  stage: PipelineStage;
  /** Topic, definition of done and source index: the cached part of the first message. */
  brief: string;
  /** What to do, after the brief. */
  ask: string;
  docs: SourceDoc[];
  sections: string[];
}

/** What a finished loop returns. */
export interface LoopResult {
  content: DraftContent;
  calls: ModelCall[];
  notes: string[];
}

/**
 * Runs the stateless tool loop on `messages.create` (tool_choice auto) until the model submits a
 * valid draft. Before each call the worst case is reserved on `ctx.budget`; after it the real
 * cost is charged. Bounded three ways: `maxTurns` calls, `maxSubmitErrors` invalid submissions,
 * and the budget.
 *
 * @throws BudgetExceededError when the next call does not fit the budget; EngineError for
 *   everything else. Both carry the calls already made (`error.calls`), and name `task.stage`.
 */
export async function runAgentLoop(
  task: LoopTask,
  settings: LoopSettings,
  ctx: StageContext,
): Promise<LoopResult> {
  const calls: ModelCall[] = [];
  try {
    return await loop(task, settings, ctx, calls);
  } catch (error) {
    // Every call of the loop was paid for: the error carries them to the run record.
    if (error instanceof PipelineError) throw error.addEarlierCalls(calls);
    throw new EngineError(task.stage, String(error), { cause: error, calls });
  }
}

async function loop(
  task: LoopTask,
  settings: LoopSettings,
  ctx: StageContext,
  calls: ModelCall[],
): Promise<LoopResult> {
  const tools = new SourceTools(task.docs);
  const ids = new Set(task.docs.map((doc) => doc.id));
  const messages: Anthropic.MessageParam[] = [
    {
      role: 'user',
      content: [
        // The brief is the same for draft and revise: its breakpoint lets a revision read it back.
        { type: 'text', text: task.brief, cache_control: EPHEMERAL },
        { type: 'text', text: task.ask },
      ],
    },
  ];
  const where = `topic "${ctx.topic.name}", ${task.step}`;
  let submitErrors = 0;
  let textOnly = 0;
  let lowered = 0;
  for (let turn = 1; turn <= settings.maxTurns; turn++) {
    if (ctx.signal?.aborted)
      throw new EngineError(task.stage, `${where}: aborted before turn ${turn}`, {
        code: 'ENGINE_ABORTED',
      });
    const params = requestOf(settings, messages);
    const inputTokens = estimateTokens(JSON.stringify(params));
    params.max_tokens = affordableMaxTokens(inputTokens, settings, ctx.budget.remainingUsd);
    if (params.max_tokens < settings.maxOutputTokens) lowered++;
    ctx.budget.reserve(task.stage, worstCaseUsdOf(inputTokens, params.max_tokens, settings.price));
    const started = performance.now();
    let message: Anthropic.Message;
    let requestId: string | null;
    try {
      const options = ctx.signal ? { signal: ctx.signal } : {};
      const answer = await settings.client.messages.create(params, options).withResponse();
      message = answer.data;
      requestId = answer.request_id ?? null;
    } catch (error) {
      throw engineErrorOf(error, {
        stage: task.stage,
        step: task.step,
        topic: ctx.topic.name,
        model: settings.model,
        turn,
        maxRetries: settings.maxRetries,
        timeoutMs: settings.timeoutMs,
        apiKey: settings.apiKey,
      });
    }
    const call = modelCallOf(
      task.stage,
      task.step,
      settings.model,
      requestId,
      message.usage,
      settings.price,
      Math.round(performance.now() - started),
    );
    calls.push(call);
    ctx.budget.charge(call.usage.usd);
    ctx.logger.debug(
      `${where} turn ${turn}: ${message.stop_reason ?? 'no stop reason'}, ${call.usage.outputTokens} output tokens, $${call.usage.usd.toFixed(4)}`,
    );

    if (
      message.stop_reason === 'refusal' ||
      message.stop_reason === 'model_context_window_exceeded'
    ) {
      // Neither gets better by asking again: stop with what was spent on record.
      const why =
        message.stop_reason === 'refusal' ? 'the model refused' : 'the context window is full';
      throw new EngineError(task.stage, `${where}: ${why} at turn ${turn}`, {
        code: message.stop_reason === 'refusal' ? 'ENGINE_REFUSED' : 'ENGINE_CONTEXT_FULL',
        requestID: requestId ?? undefined,
      });
    }
    messages.push({ role: 'assistant', content: message.content.map(paramOf) });
    const uses = message.content.filter(
      (block): block is Anthropic.ToolUseBlock => block.type === 'tool_use',
    );
    if (uses.length === 0) {
      // A text-only answer (or one cut at max_tokens) is a turn to correct, not a crash.
      textOnly++;
      const nudge =
        message.stop_reason === 'max_tokens'
          ? `Your answer was cut at max_tokens (${settings.maxOutputTokens}). Call submit_draft with a complete, shorter draft.`
          : TEXT_ONLY_NUDGE;
      messages.push({ role: 'user', content: [{ type: 'text', text: nudge }] });
      continue;
    }
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const use of uses) {
      if (use.name !== SUBMIT_TOOL) {
        const answer = tools.run(use.name, use.input);
        results.push({
          type: 'tool_result',
          tool_use_id: use.id,
          content: answer.content,
          is_error: answer.isError,
        });
        continue;
      }
      const checked = validateSubmission(use.input, ids, task.sections);
      if (checked.ok) {
        const notes = [
          `${task.step}: ${turn} model call(s) of at most ${settings.maxTurns}; ${submitErrors} invalid submission(s); ${textOnly} text-only answer(s)`,
          ...(lowered > 0
            ? [
                `${task.step}: max_tokens lowered below ${settings.maxOutputTokens} on ${lowered} call(s) to fit the budget`,
              ]
            : []),
          ...checked.injections.map(
            (i) =>
              `prompt injection reported by the model in ${i.source}: ${JSON.stringify(i.text.slice(0, 300))}`,
          ),
        ];
        return { content: checked.content, calls, notes };
      }
      submitErrors++;
      if (submitErrors > settings.maxSubmitErrors) {
        throw new EngineError(
          task.stage,
          `${where}: ${submitErrors} invalid submit_draft calls exceed maxSubmitErrors ${settings.maxSubmitErrors}; last problems: ${checked.problems.slice(0, 3).join('; ')}`,
          { code: 'ENGINE_INVALID_DRAFT' },
        );
      }
      results.push({
        type: 'tool_result',
        tool_use_id: use.id,
        is_error: true,
        content: `The draft was not accepted (${checked.problems.length} problem(s); ${settings.maxSubmitErrors - submitErrors} correction(s) left). Fix them and call submit_draft again with the whole draft:\n- ${checked.problems.join('\n- ')}`,
      });
    }
    messages.push({ role: 'user', content: results });
  }
  throw new EngineError(
    task.stage,
    `${where}: no valid submit_draft after maxTurns ${settings.maxTurns} model calls (${submitErrors} invalid submission(s), ${textOnly} text-only answer(s))`,
    { code: 'ENGINE_TURN_CAP' },
  );
}
