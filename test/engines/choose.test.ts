import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseTopic } from '../../src/core/topic.js';
import { chooseEngine, type ClaudeFactory } from '../../src/engines/choose.js';
import type { DraftEngine } from '../../src/engines/types.js';

const TOPIC = 'title: T\nsources:\n  - page: https://example.org/a\n';
const ENV = { ANTHROPIC_API_KEY: 'sk-ant-test-key' };

/** A Claude factory that records what it was asked for. */
function recorder(): { factory: ClaudeFactory; asked: Array<Parameters<ClaudeFactory>[0]> } {
  const asked: Array<Parameters<ClaudeFactory>[0]> = [];
  const factory: ClaudeFactory = (options) => {
    asked.push(options);
    return Promise.resolve({ id: 'claude:test', reason: options.reason } as DraftEngine);
  };
  return { factory, asked };
}

describe('chooseEngine: thinking effort', () => {
  it("passes the topic's thinking effort to the Claude engine, and none when unset", async () => {
    const { factory, asked } = recorder();
    await chooseEngine(parseTopic(TOPIC, 't.yaml'), ENV, {}, factory);
    await chooseEngine(
      parseTopic(`${TOPIC}thinking: { effort: low }\n`, 't.yaml'),
      ENV,
      {},
      factory,
    );
    expect(asked[0]).not.toHaveProperty('thinking');
    expect(asked[1]?.thinking).toEqual({ effort: 'low' });
  });

  it('lets --thinking-effort override the topic', async () => {
    const { factory, asked } = recorder();
    const topic = parseTopic(`${TOPIC}thinking: { effort: low }\n`, 't.yaml');
    await chooseEngine(topic, ENV, { thinkingEffort: 'high' }, factory);
    expect(asked[0]?.thinking).toEqual({ effort: 'high' });
  });

  it('refuses an unknown --thinking-effort, offline as well', async () => {
    const { factory, asked } = recorder();
    const topic = parseTopic(TOPIC, 't.yaml');
    const refused = chooseEngine(topic, ENV, { thinkingEffort: 'max' }, factory);
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(
      '--thinking-effort must be low, medium, high (got "max")',
    );
    await expect(
      chooseEngine(topic, {}, { engine: 'offline', thinkingEffort: 'hgih' }, factory),
    ).rejects.toThrow('--thinking-effort must be low, medium, high (got "hgih")');
    expect(asked).toEqual([]);
  });
});
