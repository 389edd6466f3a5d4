import type Anthropic from '@anthropic-ai/sdk';
import { SYSTEM_PROMPT } from './prompt.js';
import type { ThinkingParams } from './thinking.js';
import { TOOLS } from './tools.js';

/** A 5-minute prompt-cache breakpoint. */
export const EPHEMERAL = { type: 'ephemeral' } as const;

/** What a request needs besides its messages. */
export interface RequestSettings {
  model: string;
  maxOutputTokens: number;
  /** The call's `thinking` and `output_config` (always sent: the 5.x models think when unset). */
  thinking: ThinkingParams;
  /** The tools offered (default {@link TOOLS}; `toolsOf(true)` adds the web research tools). */
  tools?: Anthropic.Tool[];
}

/**
 * The request of one turn. Four breakpoints, the API's limit: the system prompt (which caches the
 * tools before it), the brief with the source index, the newest turn, and the turn before it. The
 * last one matters when a turn adds more than 20 blocks (many parallel reads): the cache looks
 * back at most 20 blocks from a breakpoint, so without it the next request would miss the
 * previous entry and write the whole prefix again.
 */
export function requestOf(
  settings: RequestSettings,
  messages: Anthropic.MessageParam[],
): Anthropic.MessageCreateParamsNonStreaming {
  const last = messages.length - 1;
  const previous = previousUserTurnOf(messages);
  const marked = messages.map((message, index): Anthropic.MessageParam => {
    if (index === 0 || (index !== last && index !== previous)) return message;
    if (typeof message.content === 'string' || message.role !== 'user') return message;
    const blocks = message.content.map((block, at) =>
      at === message.content.length - 1
        ? ({ ...block, cache_control: EPHEMERAL } as Anthropic.ContentBlockParam)
        : block,
    );
    return { ...message, content: blocks };
  });
  return {
    model: settings.model,
    max_tokens: settings.maxOutputTokens,
    thinking: settings.thinking.thinking,
    output_config: settings.thinking.output_config,
    system: [{ type: 'text', text: SYSTEM_PROMPT, cache_control: EPHEMERAL }],
    tools: settings.tools ?? TOOLS,
    tool_choice: { type: 'auto' },
    messages: marked,
  };
}

/** The last user message before the newest assistant turn (the previous request's breakpoint). */
function previousUserTurnOf(messages: Anthropic.MessageParam[]): number {
  let at = messages.length - 1;
  while (at >= 0 && messages[at]?.role !== 'assistant') at--;
  while (at >= 0 && messages[at]?.role !== 'user') at--;
  return at;
}

/**
 * Echoes a response block back as a request block. Thinking blocks go back unchanged, signature
 * included (the API refuses a modified one); empty text blocks are dropped (the API refuses them).
 */
export function paramOf(block: Anthropic.ContentBlock): Anthropic.ContentBlockParam | undefined {
  if (block.type === 'text') return block.text ? { type: 'text', text: block.text } : undefined;
  if (block.type === 'tool_use')
    return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  if (block.type === 'thinking')
    return { type: 'thinking', thinking: block.thinking, signature: block.signature };
  if (block.type === 'redacted_thinking') return { type: 'redacted_thinking', data: block.data };
  return block;
}

/** The assistant message that echoes a response, or undefined when nothing in it may be sent back. */
export function echoOf(message: Anthropic.Message): Anthropic.MessageParam | undefined {
  const blocks = message.content
    .map(paramOf)
    .filter((b): b is Anthropic.ContentBlockParam => b !== undefined);
  // Thinking alone is no content: the API wants text or a tool call in every assistant turn.
  const substantive = blocks.some((b) => b.type !== 'thinking' && b.type !== 'redacted_thinking');
  return substantive ? { role: 'assistant', content: blocks } : undefined;
}
