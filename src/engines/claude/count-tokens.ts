import Anthropic from '@anthropic-ai/sdk';
import type { Topic } from '../../core/topic.js';
import type { DraftRequest } from '../types.js';
import { firstRequestOf } from './estimate.js';

/**
 * Counts the input tokens of the engine's first drafting request with the API's token-counting
 * endpoint (free; nothing is generated), so that `--estimate` starts from the model's own count
 * rather than a characters-per-token guess.
 *
 * @param request The sources and required sections.
 * @param topic The topic.
 * @param model Model id.
 * @param api Key and base URL (`ANTHROPIC_BASE_URL`).
 */
export async function countFirstRequestTokens(
  request: DraftRequest,
  topic: Topic,
  model: string,
  api: { apiKey: string; baseURL?: string },
): Promise<number> {
  const client = new Anthropic({
    apiKey: api.apiKey,
    ...(api.baseURL !== undefined ? { baseURL: api.baseURL } : {}),
    maxRetries: 2,
    timeout: 30_000,
  });
  const first = firstRequestOf(request, topic, model);
  const counted = await client.messages.countTokens({
    model: first.model,
    ...(first.system !== undefined ? { system: first.system } : {}),
    ...(first.tools !== undefined ? { tools: first.tools } : {}),
    ...(first.tool_choice !== undefined ? { tool_choice: first.tool_choice } : {}),
    messages: first.messages,
  });
  return counted.input_tokens;
}
