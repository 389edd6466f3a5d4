import { UsageError } from '../core/errors.js';
import { THINKING_EFFORTS, type ThinkingEffort, type Topic } from '../core/topic.js';
import { createOfflineEngine } from './offline/index.js';
import type { DraftEngine } from './types.js';

/** Overrides from the command line. */
export interface EngineChoice {
  /** `auto`, `offline` or `claude`; overrides the topic's `engine`. */
  engine?: string;
  /** Model id for the Claude engine; overrides the topic's `model`. */
  model?: string;
  /** `low`, `medium` or `high` (`--thinking-effort`); overrides the topic's `thinking.effort`. */
  thinkingEffort?: string;
}

/** Creates the Claude engine; injected so that the offline path never loads the SDK. */
export type ClaudeFactory = (options: {
  apiKey: string;
  baseURL?: string;
  model?: string;
  /** Thinking of every call instead of the engine's per-stage defaults. */
  thinking?: { effort: ThinkingEffort };
  reason: string;
}) => Promise<DraftEngine>;

/**
 * Chooses the drafting engine: the command line's `--engine`, else the topic's `engine`; `auto`
 * means Claude when `ANTHROPIC_API_KEY` is set and the offline engine otherwise. The reason is
 * said in the run's first line. The thinking effort of the Claude engine is `--thinking-effort`,
 * else the topic's `thinking.effort`, else the engine's per-stage defaults.
 *
 * @throws UsageError for an unknown engine or thinking effort, or `claude` without a key.
 */
export async function chooseEngine(
  topic: Topic,
  env: Readonly<Record<string, string | undefined>>,
  choice: EngineChoice,
  claude: ClaudeFactory | undefined,
): Promise<DraftEngine> {
  const wanted = choice.engine ?? topic.engine;
  if (!['auto', 'offline', 'claude'].includes(wanted)) {
    throw new UsageError(`--engine must be auto, offline or claude (got "${wanted}")`);
  }
  // Checked whichever engine runs: a typo in a flag should not wait for the day a key is set.
  const effort = choice.thinkingEffort ?? topic.thinking?.effort;
  if (effort !== undefined && !isThinkingEffort(effort)) {
    const field =
      choice.thinkingEffort !== undefined ? '--thinking-effort' : `${topic.name}: thinking.effort`;
    throw new UsageError(`${field} must be ${THINKING_EFFORTS.join(', ')} (got "${effort}")`);
  }
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  const source = choice.engine ? '--engine' : `${topic.name}: engine`;
  if (wanted === 'offline') return createOfflineEngine(`offline: ${source} is offline`);
  if (!apiKey) {
    if (wanted === 'claude') {
      throw new UsageError(
        `${source} is claude but ANTHROPIC_API_KEY is not set; set it or use --engine offline`,
      );
    }
    return createOfflineEngine('offline: no ANTHROPIC_API_KEY');
  }
  if (!claude) {
    throw new UsageError('the Claude engine is not available in this build; use --engine offline');
  }
  const model = choice.model ?? topic.model;
  const baseURL = env.ANTHROPIC_BASE_URL?.trim();
  const reason =
    wanted === 'claude' ? `claude: ${source} is claude` : 'claude: ANTHROPIC_API_KEY is set';
  return claude({
    apiKey,
    reason,
    ...(baseURL ? { baseURL } : {}),
    ...(model ? { model } : {}),
    ...(effort ? { thinking: { effort } } : {}),
  });
}

function isThinkingEffort(value: string): value is ThinkingEffort {
  return (THINKING_EFFORTS as readonly string[]).includes(value);
}
