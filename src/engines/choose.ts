import { UsageError } from '../core/errors.js';
import type { Topic } from '../core/topic.js';
import { createOfflineEngine } from './offline/index.js';
import type { DraftEngine } from './types.js';

/** Overrides from the command line. */
export interface EngineChoice {
  /** `auto`, `offline` or `claude`; overrides the topic's `engine`. */
  engine?: string;
  /** Model id for the Claude engine; overrides the topic's `model`. */
  model?: string;
}

/** Creates the Claude engine; injected so that the offline path never loads the SDK. */
export type ClaudeFactory = (options: {
  apiKey: string;
  baseURL?: string;
  model?: string;
  reason: string;
}) => Promise<DraftEngine>;

/**
 * Chooses the drafting engine: the command line's `--engine`, else the topic's `engine`; `auto`
 * means Claude when `ANTHROPIC_API_KEY` is set and the offline engine otherwise. The reason is
 * said in the run's first line.
 *
 * @throws UsageError for an unknown engine, or `claude` without a key.
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
  return claude({ apiKey, reason, ...(baseURL ? { baseURL } : {}), ...(model ? { model } : {}) });
}
