import type Anthropic from '@anthropic-ai/sdk';
import type { StageContext } from '../../core/context.js';
import { EngineError, PipelineError } from '../../core/errors.js';
import type { PipelineStage } from '../../core/stage.js';
import type { ModelCall } from '../../core/usage.js';
import type { DraftContent } from '../../stages/draft/types.js';
import { engineErrorOf } from './api-errors.js';
import { modelCallOf } from './ledger.js';
import type { ModelSpec } from './models.js';
import { worstCaseUsdOf, type ModelPrice } from './prices.js';
import { EMPTY_REPLY_NUDGE, TEXT_ONLY_NUDGE, truncatedNudgeOf } from './prompt.js';
import { affordableMaxTokens } from './max-tokens.js';
import { echoOf, EPHEMERAL, requestOf } from './request.js';
import type { ThinkingParams } from './thinking.js';
import type { SourceDoc } from './source-text.js';
import { estimateTokens } from './tokens.js';
import { ADD_SOURCES_TOOL, SEARCH_WEB_TOOL, SUBMIT_TOOL, SourceTools, toolsOf } from './tools.js';
import type { Research } from '../types.js';
import { runAddSources, runSearchWeb } from './research-tools.js';
import { validateSubmission } from './submit-schema.js';

/** Settings of the loop (from the engine's options). */
export interface LoopSettings {
  client: Anthropic;
  model: string;
  price: ModelPrice;
  /** The model's row: tokenizer, limits. */
  spec: ModelSpec;
  /** Thinking of drafting calls and of revision calls. */
  thinking: Record<'draft' | 'revise', ThinkingParams>;
  /** Answers cut at `max_tokens` asked again (shorter) before the engine gives up. */
  maxTruncations: number;
  /** Most model calls per draft or revision. */
  maxTurns: number;
  /** Invalid `submit_draft` calls sent back for correction before giving up. */
  maxSubmitErrors: number;
  /** `max_tokens` of every call (thinking and answer together), unless the budget lowers it. */
  maxOutputTokens: Record<'draft' | 'revise', number>;
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
  /** Web research (`search_web`, `add_sources`), when the pipeline offers it. */
  research?: Research;
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
 * cost is charged. Bounded four ways: `maxTurns` calls, `maxSubmitErrors` invalid submissions,
 * `maxTruncations` answers cut at `max_tokens`, and the budget.
 *
 * Each stop reason is handled on its own (see the Anthropic "Stop reasons" page): `tool_use` runs
 * the tools; `max_tokens` never validates what was cut (a `submit_draft` cut off is answered with
 * a tool error asking for a shorter draft); `refusal` and `model_context_window_exceeded` stop;
 * `pause_turn` sends the turn back to continue; an empty `end_turn` (documented after tool results)
 * is never echoed as an empty assistant message: a user turn asks to go on.
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
  const research = task.research;
  const offered = toolsOf(research !== undefined);
  // Every tool but submit_draft: the read tools in memory, the research tools through the pipeline.
  const runTool = async (name: string, input: unknown) => {
    if (research && name === SEARCH_WEB_TOOL) return runSearchWeb(research, input, task.step);
    if (research && name === ADD_SOURCES_TOOL) {
      const answer = await runAddSources(research, input, task.step);
      tools.add(answer.docs);
      for (const doc of answer.docs) ids.add(doc.id);
      return answer;
    }
    return tools.run(name, input);
  };
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
  const thinking = settings.thinking[task.step];
  const maxOutputTokens = settings.maxOutputTokens[task.step];
  const counts = { submitErrors: 0, textOnly: 0, empty: 0, truncated: 0, paused: 0, lowered: 0 };
  let thinkingTokens = 0;
  for (let turn = 1; turn <= settings.maxTurns; turn++) {
    if (ctx.signal?.aborted)
      throw new EngineError(task.stage, `${where}: aborted before turn ${turn}`, {
        code: 'ENGINE_ABORTED',
      });
    const params = requestOf(
      { model: settings.model, maxOutputTokens, thinking, tools: offered },
      messages,
    );
    const inputTokens = estimateTokens(JSON.stringify(params), settings.spec.charsPerToken);
    params.max_tokens = affordableMaxTokens(
      inputTokens,
      { maxOutputTokens, price: settings.price },
      ctx.budget.remainingUsd,
    );
    if (params.max_tokens < maxOutputTokens) counts.lowered++;
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
    thinkingTokens += message.usage.output_tokens_details?.thinking_tokens ?? 0;
    ctx.logger.debug(
      `${where} turn ${turn}: ${message.stop_reason ?? 'no stop reason'}, ${call.usage.outputTokens} output tokens, $${call.usage.usd.toFixed(4)}`,
    );
    const requestID = requestId ?? undefined;

    if (message.stop_reason === 'refusal') {
      const category = message.stop_details?.category;
      throw new EngineError(
        task.stage,
        `${where}: the model refused at turn ${turn}${category ? ` (category ${category})` : ''}`,
        { code: 'ENGINE_REFUSED', requestID },
      );
    }
    if (message.stop_reason === 'model_context_window_exceeded') {
      // The answer filled the context window: it is truncated, and asking again cannot fit more.
      throw new EngineError(
        task.stage,
        `${where}: the context window is full at turn ${turn}; the truncated answer was not used`,
        { code: 'ENGINE_CONTEXT_FULL', requestID },
      );
    }
    const echo = echoOf(message);
    const uses = message.content.filter(
      (block): block is Anthropic.ToolUseBlock => block.type === 'tool_use',
    );

    if (message.stop_reason === 'max_tokens') {
      counts.truncated++;
      if (counts.truncated > settings.maxTruncations) {
        throw new EngineError(
          task.stage,
          `${where}: ${counts.truncated} answers cut at max_tokens (${params.max_tokens}) exceed maxTruncations ${settings.maxTruncations}; no truncated draft is used`,
          { code: 'ENGINE_TRUNCATED', requestID },
        );
      }
      const nudge = truncatedNudgeOf(params.max_tokens, settings.maxTruncations - counts.truncated);
      if (echo) messages.push(echo);
      if (uses.length === 0) {
        messages.push({ role: 'user', content: [{ type: 'text', text: nudge }] });
        continue;
      }
      // Only the last block of a cut answer can be incomplete: earlier read calls run; the last
      // call, and any submit_draft, is answered with the request to resubmit shorter.
      const results: Anthropic.ToolResultBlockParam[] = [];
      for (const [at, use] of uses.entries()) {
        const complete = at < uses.length - 1 && use.name !== SUBMIT_TOOL;
        if (!complete) {
          results.push({
            type: 'tool_result',
            tool_use_id: use.id,
            is_error: true,
            content: nudge,
          });
          continue;
        }
        const answer = await runTool(use.name, use.input);
        results.push({
          type: 'tool_result',
          tool_use_id: use.id,
          content: answer.content,
          is_error: answer.isError,
        });
      }
      messages.push({ role: 'user', content: results });
      continue;
    }

    if (uses.length === 0) {
      if (message.stop_reason === 'pause_turn' && echo) {
        // A paused turn is sent back as it is; the API continues it.
        counts.paused++;
        messages.push(echo);
        continue;
      }
      if (!echo) {
        // An empty end_turn (documented after tool results): never send an empty assistant
        // message back (the API refuses it); ask to go on in a user turn instead.
        counts.empty++;
        messages.push({ role: 'user', content: [{ type: 'text', text: EMPTY_REPLY_NUDGE }] });
        continue;
      }
      // A text-only answer is a turn to correct, not a crash.
      counts.textOnly++;
      messages.push(echo, { role: 'user', content: [{ type: 'text', text: TEXT_ONLY_NUDGE }] });
      continue;
    }

    if (echo) messages.push(echo);
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const use of uses) {
      if (use.name !== SUBMIT_TOOL) {
        const answer = await runTool(use.name, use.input);
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
          `${task.step}: ${turn} model call(s) of at most ${settings.maxTurns}; ${counts.submitErrors} invalid submission(s); ${counts.textOnly} text-only answer(s)`,
          ...(counts.truncated + counts.empty + counts.paused > 0
            ? [
                `${task.step}: ${counts.truncated} answer(s) cut at max_tokens, ${counts.empty} empty answer(s), ${counts.paused} paused turn(s)`,
              ]
            : []),
          `${task.step}: thinking ${thinking.thinking.type}, effort ${thinking.output_config.effort}; ${thinkingTokens} thinking token(s) of ${calls.reduce((sum, c) => sum + c.usage.outputTokens, 0)} output token(s)`,
          ...(counts.lowered > 0
            ? [
                `${task.step}: max_tokens lowered below ${maxOutputTokens} on ${counts.lowered} call(s) to fit the budget`,
              ]
            : []),
          ...checked.injections.map(
            (i) =>
              `prompt injection reported by the model in ${i.source}: ${JSON.stringify(i.text.slice(0, 300))}`,
          ),
        ];
        return { content: checked.content, calls, notes };
      }
      counts.submitErrors++;
      if (counts.submitErrors > settings.maxSubmitErrors) {
        throw new EngineError(
          task.stage,
          `${where}: ${counts.submitErrors} invalid submit_draft calls exceed maxSubmitErrors ${settings.maxSubmitErrors}; last problems: ${checked.problems.slice(0, 3).join('; ')}`,
          { code: 'ENGINE_INVALID_DRAFT' },
        );
      }
      results.push({
        type: 'tool_result',
        tool_use_id: use.id,
        is_error: true,
        content: `The draft was not accepted (${checked.problems.length} problem(s); ${settings.maxSubmitErrors - counts.submitErrors} correction(s) left). Fix them and call submit_draft again with the whole draft:\n- ${checked.problems.join('\n- ')}`,
      });
    }
    messages.push({ role: 'user', content: results });
  }
  throw new EngineError(
    task.stage,
    `${where}: no valid submit_draft after maxTurns ${settings.maxTurns} model calls (${counts.submitErrors} invalid submission(s), ${counts.textOnly} text-only answer(s), ${counts.truncated} cut at max_tokens, ${counts.empty} empty)`,
    { code: 'ENGINE_TURN_CAP' },
  );
}
