import type Anthropic from '@anthropic-ai/sdk';
import { SYSTEM_PROMPT } from './prompt.js';
import { TOOLS } from './tools.js';

/** A 5-minute prompt-cache breakpoint. */
export const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * The request of one turn. Breakpoints: the system prompt (which caches the tools before it),
 * the brief with the source index, and the last block of the conversation so each turn reads the
 * previous turns from the cache. Four is the API's limit; this uses at most three.
 */
export function requestOf(
  settings: { model: string; maxOutputTokens: number },
  messages: Anthropic.MessageParam[],
): Anthropic.MessageCreateParamsNonStreaming {
  const last = messages.length - 1;
  const withRolling = messages.map((message, index): Anthropic.MessageParam => {
    if (index !== last || index === 0 || typeof message.content === 'string') return message;
    const blocks = message.content.map((block, at) =>
      at === message.content.length - 1
        ? ({ ...block, cache_control: EPHEMERAL } as Anthropic.ContentBlockParam)
        : block,
    );
    return { ...message, content: blocks } as Anthropic.MessageParam;
  });
  return {
    model: settings.model,
    max_tokens: settings.maxOutputTokens,
    system: [{ type: 'text', text: SYSTEM_PROMPT, cache_control: EPHEMERAL }],
    tools: TOOLS,
    tool_choice: { type: 'auto' },
    messages: withRolling,
  };
}

/** Echoes a response block back as a request block (thinking blocks must go back unchanged). */
export function paramOf(block: Anthropic.ContentBlock): Anthropic.ContentBlockParam {
  if (block.type === 'text') return { type: 'text', text: block.text };
  if (block.type === 'tool_use')
    return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  return block;
}
