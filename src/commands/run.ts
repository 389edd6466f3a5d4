import type { Command } from 'commander';
import { BudgetExceededError, UsageError, messageOf } from '../core/errors.js';
import { loadTopic } from '../core/topic.js';
import type { StageContext } from '../core/context.js';
import type { DraftRequest } from '../engines/types.js';
import { chooseEngine, type EngineChoice } from '../engines/choose.js';
import { DEFAULT_LOCK_WAIT_MS } from '../core/project-lock.js';
import { runTopic } from '../run/pipeline.js';
import { researchEstimateOf } from '../run/research.js';
import { monthEstimateLine } from '../costs/month-budget.js';
import { pollCommand, submitTopics, type BatchDeps } from './batch.js';
import { lockWaitMsOf } from './lock-wait.js';

import type { CommandIO } from './io.js';

interface RunFlags {
  batch?: boolean;
  interval: string;
  resume?: string;
  estimate?: boolean;
  engine?: string;
  model?: string;
  thinkingEffort?: string;
  json?: boolean;
  quiet?: boolean;
  lockWait: string;
}

/**
 * Registers `run <topic>`: the whole pipeline (`npm run pipeline <topic>`); with `--batch`, one
 * or more topics drafted through the Message Batches API.
 *
 * @param deps Creates the Claude engine when it is chosen; the batch poll timer (tests).
 */
export function registerRunCommand(program: Command, io: CommandIO, deps: BatchDeps = {}): void {
  const claude = deps.claude;
  program
    .command('run')
    .description(
      'run the whole pipeline for pipelines/<topic>.yaml: fetch, extract, dedupe, draft, critique, write',
    )
    .argument('<topic>', 'a topic name in pipelines/ or a path to a topic file')
    .argument('[more-topics...]', 'with --batch: more topics, drafted in the same batch')
    .option(
      '--batch',
      'draft through the Message Batches API at half price (Claude, needs ANTHROPIC_API_KEY), wait for the batch, then critique and write; if this process stops while waiting, `npm run -s cli -- batch poll <state-file> --wait` collects it',
    )
    .option('--interval <seconds>', 'with --batch: seconds between polls', '30')
    .option(
      '--resume <run-id>',
      'resume a run: stages already recorded in .pipeline/runs/<run-id>/ are skipped',
    )
    .option('--engine <engine>', 'auto | offline | claude (overrides the topic file)')
    .option('--model <model>', 'Claude model id (overrides the topic file)')
    .option(
      '--thinking-effort <effort>',
      "low | medium | high: the Claude engine's thinking effort for every call (overrides the topic file's thinking.effort)",
    )
    .option(
      '--estimate',
      'fetch, extract and dedupe, then print the expected Claude tokens and dollars of the draft, and the month so far from the cost ledger with what this run would add; nothing is generated (with ANTHROPIC_API_KEY the first request is counted by the free token-counting endpoint)',
    )
    .option(
      '--json',
      'print the run record as one JSON document on stdout (with --batch: the batch, then what was collected, one JSON line each)',
    )
    .option('-q, --quiet', 'no progress lines on stderr')
    .option(
      '--lock-wait <seconds>',
      'longest wait for the project lock when another run or a promote/reject holds it',
      String(DEFAULT_LOCK_WAIT_MS / 1000),
    )
    .action(async (topicName: string, more: string[], flags: RunFlags) => {
      if (flags.batch) return runBatch(io, deps, [topicName, ...more], flags);
      if (more.length > 0)
        throw new UsageError(
          `run: ${more.length + 1} topics given (${[topicName, ...more].join(', ')}); several topics run together only with --batch`,
        );
      const lockWaitMs = lockWaitMsOf('run', flags.lockWait);
      const topic = loadTopic(topicName, `${io.root}/pipelines`);
      const engine = await chooseEngine(topic, io.env, flagsOf(flags), claude);
      const progress = flags.quiet ? () => {} : (line: string) => io.logger.error(line);
      progress(`engine: ${engine.id} (${engine.reason})`);
      const controller = new AbortController();
      const onSignal = () => controller.abort(new Error('interrupted (SIGINT)'));
      process.once('SIGINT', onSignal);
      try {
        const record = await runTopic({
          topic,
          engine,
          root: io.root,
          logger: io.logger,
          progress,
          env: io.env,
          signal: controller.signal,
          lockWaitMs,
          ...(flags.resume !== undefined ? { resume: flags.resume } : {}),
          ...(flags.estimate
            ? {
                stopAfterDedupe: {
                  outcome: 'estimated' as const,
                  why: 'estimate only',
                  take: await estimatorOf(flags.model, io.env),
                },
              }
            : {}),
        });
        progress(`${record.message}`);
        progress(`report: .pipeline/runs/${record.runId}/report.md`);
        if (flags.json) io.out(`${JSON.stringify(record)}\n`);
        io.setExitCode(0);
      } catch (error) {
        if (error instanceof BudgetExceededError) io.setExitCode(0);
        else throw error;
      } finally {
        process.removeListener('SIGINT', onSignal);
      }
    });
}

/**
 * `run --batch`: `batch submit` then `batch poll --wait`, in one command. The exit code is the
 * worse of the two (1 when a topic or a draft failed).
 */
async function runBatch(
  io: CommandIO,
  deps: BatchDeps,
  names: string[],
  flags: RunFlags,
): Promise<void> {
  const refused = [
    flags.resume ? '--resume' : '',
    flags.estimate ? '--estimate' : '',
    // The batch request is built without the engine (batch.ts): it takes the stage defaults.
    flags.thinkingEffort !== undefined ? '--thinking-effort' : '',
    flags.engine && flags.engine !== 'claude' && flags.engine !== 'auto'
      ? `--engine ${flags.engine}`
      : '',
  ].filter(Boolean);
  if (refused.length > 0)
    throw new UsageError(`run --batch: ${refused.join(' and ')} cannot be used with --batch`);
  // Checked before anything is submitted: a batch is paid for once sent.
  if (!(Number(flags.interval) > 0))
    throw new UsageError(
      `run --batch: --interval must be a number of seconds above 0 (got "${flags.interval}")`,
    );
  let worst = 0;
  const tracked: CommandIO = {
    ...io,
    setExitCode: (code) => {
      worst = Math.max(worst, code);
      io.setExitCode(worst);
    },
  };
  const stateFile = await submitTopics(tracked, names, {
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.json ? { json: true } : {}),
    ...(flags.quiet ? { quiet: true } : {}),
  });
  if (!stateFile) return;
  await pollCommand(tracked, deps, stateFile, {
    wait: true,
    interval: flags.interval,
    ...(flags.json ? { json: true } : {}),
    ...(flags.quiet ? { quiet: true } : {}),
  });
}

/**
 * The estimate line of `--estimate`. With `ANTHROPIC_API_KEY` set, the first request's tokens
 * come from the token-counting endpoint (free); otherwise, or when it fails, they are counted
 * locally and the SDK is not loaded.
 */
async function estimatorOf(
  model: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
) {
  const { estimateDraftCost, requirePrice } = await import('../engines/claude/estimate.js');
  const { DEFAULT_MODEL } = await import('../engines/claude/prices.js');
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  const baseURL = env.ANTHROPIC_BASE_URL?.trim();
  return async (request: DraftRequest, ctx: StageContext): Promise<string> => {
    const { topic } = ctx;
    if (request.articles.length === 0) return 'estimate: no new source, so no draft and no cost';
    const chosen = model ?? topic.model ?? DEFAULT_MODEL;
    requirePrice(chosen); // an unknown model is refused before any call
    let counted: number | undefined;
    let fallback = '';
    if (apiKey) {
      try {
        const { countFirstRequestTokens } = await import('../engines/claude/count-tokens.js');
        counted = await countFirstRequestTokens(request, topic, chosen, {
          apiKey,
          ...(baseURL ? { baseURL } : {}),
        });
      } catch (error) {
        fallback = ` (the token-counting endpoint failed: ${messageOf(error)})`;
      }
    }
    const e = estimateDraftCost(request, topic, chosen, counted);
    const how = e.countedBy === 'api' ? 'counted by the API' : `estimated locally${fallback}`;
    return (
      `estimate for ${e.model}: about ${e.calls} calls, ${e.inputTokens} input and ${e.outputTokens} output tokens, ` +
      `$${e.usd.toFixed(4)} per draft (first request ${e.firstRequestTokens} tokens, ${how}; ${e.requestBytes} bytes ` +
      `vs ${e.sourceBytes} bytes of sources; each revision round costs about one more draft)` +
      `${researchEstimateOf(ctx)}; budget $${topic.budget.usd.toFixed(2)}; ` +
      monthEstimateLine(ctx.config, topic.name, ctx.now(), e.usd, topic.budget.usd)
    );
  };
}

function flagsOf(flags: RunFlags): EngineChoice {
  return {
    ...(flags.engine ? { engine: flags.engine } : {}),
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.thinkingEffort !== undefined ? { thinkingEffort: flags.thinkingEffort } : {}),
  };
}
