import { afterEach, describe, expect, it } from 'vitest';
import { USER_AGENT } from '../../../src/stages/fetch/client-of-context.js';
import { fetchSources } from '../../../src/stages/fetch/index.js';
import { contextOf, startServer, topicOf, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

async function userAgentSeen(env: Record<string, string>): Promise<string> {
  let seen = '';
  server = await startServer((req, res) => {
    if (req.url === '/page') seen = req.headers['user-agent'] ?? '';
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Hello</p>');
  });
  const topic = topicOf([{ kind: 'page', url: `${server.origin}/page` }]);
  await fetchSources({ sources: topic.sources }, { ...contextOf(topic), env });
  return seen;
}

describe('User-Agent', () => {
  it('names the project by default', async () => {
    expect(await userAgentSeen({})).toBe(USER_AGENT);
  });

  it("carries the operator's contact from PIPELINE_CONTACT", async () => {
    expect(await userAgentSeen({ PIPELINE_CONTACT: 'https://blog.example.org/about (x)' })).toBe(
      'research-draft-pipeline/0.1 (content research bot; +https://blog.example.org/about x)',
    );
  });
});
