import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { startReviewServer, type ReviewServer } from '../../src/review/server.js';
import { reviewProject } from '../helpers/review-project.js';

let server: ReviewServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Reply {
  status: number;
  location: string | undefined;
  body: string;
}

/** One request to the server, with the Host header given (default: the server's own). */
function send(
  url: string,
  options: { method?: string; form?: Record<string, string>; host?: string } = {},
): Promise<Reply> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (body ? 'POST' : 'GET'),
        headers: {
          ...(options.host ? { host: options.host } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function start() {
  const project = await reviewProject();
  server = await startReviewServer({
    root: project.root,
    config: loadConfig(project.root),
    logger: SILENT_LOGGER,
    lockWaitMs: 5000,
  });
  return {
    project,
    server,
    pending: (name: string) => join(project.root, 'content', 'pending', name),
  };
}

describe('the review server', () => {
  it('listens on 127.0.0.1 only and lists the pending drafts with their findings', async () => {
    const { server, project } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const list = await send(server.url);
    expect(list.status).toBe(200);
    for (const name of project.drafts) expect(list.body).toContain(`data-draft="${name}"`);
    expect(list.body).toContain('1 warning');
    const page = await send(`${server.url}draft/${project.drafts[0]}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`name="token" value="${server.token}"`);
    expect(page.body).toContain('class="passage-text"');
    expect((await send(`${server.url}draft/..%2F..%2Fpackage.json`)).status).toBe(404);
    const source = await send(`${server.url}source/${project.drafts[0]}/s4`);
    expect(source.status).toBe(200);
    expect(source.body).toContain('id="sentence-0"');
  });

  it('refuses a state change without the token, with a wrong token, or from another Host: 403, nothing moved', async () => {
    const { server, project, pending } = await start();
    const name = project.drafts[0];
    const without = await send(`${server.url}reject`, { form: { draft: name, reason: 'x' } });
    expect(without.status).toBe(403);
    const wrong = await send(`${server.url}approve`, {
      form: { draft: name, token: `${server.token.slice(1)}0` },
    });
    expect(wrong.status).toBe(403);
    const rebound = await send(`${server.url}approve`, {
      form: { draft: name, token: server.token },
      host: `attacker.example:${server.port}`,
    });
    expect(rebound.status).toBe(403);
    expect((await send(server.url, { host: 'attacker.example' })).status).toBe(403);
    expect(existsSync(pending(name))).toBe(true);
    expect(existsSync(join(project.root, 'content', '.rejected', name))).toBe(false);
  });

  it('rejects with a reason and approves through promote and reject, then lists what is left', async () => {
    const { server, project, pending } = await start();
    const [first, second] = project.drafts;
    const noReason = await send(`${server.url}reject`, {
      form: { draft: second, token: server.token, reason: '  ' },
    });
    expect(noReason.status).toBe(400);
    expect(existsSync(pending(second))).toBe(true);

    const rejected = await send(`${server.url}reject`, {
      form: { draft: second, token: server.token, reason: 'a copy of <the> other' },
    });
    expect(rejected.status).toBe(303);
    expect(rejected.location).toContain('done=rejected');
    const moved = join(project.root, 'content', '.rejected', second);
    const data = splitFrontmatter(readFileSync(moved, 'utf8')).data;
    expect(data.status).toBe('rejected');
    expect((data.rejected as { reason: string }).reason).toBe('a copy of <the> other');
    expect(existsSync(pending(second))).toBe(false);

    const approved = await send(`${server.url}approve`, {
      form: { draft: first, token: server.token },
    });
    expect(approved.status).toBe(303);
    const to = new URLSearchParams(approved.location!.split('?')[1]).get('to')!;
    expect(to).toMatch(/^content\/posts\//);
    expect(splitFrontmatter(readFileSync(join(project.root, to), 'utf8')).data.status).toBe(
      'published',
    );
    const list = await send(`${server.url}${approved.location!.slice(1)}`);
    expect(list.body).toContain('Published content/pending/');
    expect(list.body).toContain('Nothing pending');
    const again = await send(`${server.url}approve`, {
      form: { draft: first, token: server.token },
    });
    expect(again.status).toBe(404);
  });

  it('shows a draft whose run folder is gone (a checkout of the review branch) with its citations, saying why there is no passage', async () => {
    const { server, project } = await start();
    rmSync(join(project.root, '.pipeline'), { recursive: true });
    const page = await send(`${server.url}draft/${project.drafts[0]}`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('class="passage-text"');
    expect(page.body).toContain(
      'No extracted text of this source: the run folder does not have it.',
    );
    expect((await send(`${server.url}source/${project.drafts[0]}/s4`)).status).toBe(404);
  });
});
