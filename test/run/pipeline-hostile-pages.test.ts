/**
 * Issue 17, end to end over real HTTP: pages served from 127.0.0.1 claim other sites' canonical
 * URLs, smuggle a `javascript:` link through a canonical holding `)`, and mark up their title and
 * author. The draft must cite what was fetched and render every source value as plain text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Nodes } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { loadTopic } from '../../src/core/topic.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import { copyExample, REPO_ROOT } from '../helpers/example-copy.js';
import { startServer, type TestServer } from '../stages/fetch/helpers.js';

const example = (file: string) =>
  readFileSync(join(REPO_ROOT, 'pipelines', 'example', file), 'utf8');

let server: TestServer;
const pages = new Map<string, string>();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const body = pages.get(req.url ?? '');
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  const injected = `${server.origin}/two)](javascript:alert(document.cookie))`;
  pages.set(
    '/one',
    example('tree-canopy-heat-study.html').replaceAll(
      'https://news.northgate-university.example.org/2026/09/shaded-blocks-cooler-kellerton-study',
      'https://www.reuters.com/world/us/shaded-blocks-cooler',
    ),
  );
  pages.set(
    '/two',
    example('shade-streets-program.html').replaceAll(
      'https://civicledger.example.com/city-hall/2026/08/04/shade-streets-five-years',
      injected,
    ),
  );
  pages.set(
    '/three',
    example('tree-planting-costs-budget.html')
      .replace(
        '"headline": "Kellerton raises tree budget 48% as the cost of a street tree climbs"',
        '"headline": "Kellerton raises tree budget \\u003cscript>alert(1)\\u003c/script>48% \\u003cimg src=x onerror=alert(2)>"',
      )
      .replace('"name": "Helen Ashdown"', '"name": "\\u003cb>Helen Ashdown\\u003c/b>"'),
  );
  pages.set('/four', example('canopy-limits-criticism.html'));
});
afterAll(async () => server.close());

function nodesOf(node: Nodes, type: string): Nodes[] {
  const own = node.type === type ? [node] : [];
  const children = 'children' in node ? node.children.flatMap((child) => nodesOf(child, type)) : [];
  return [...own, ...children];
}

describe('a run over hostile pages (issue 17)', () => {
  it('cites the fetched URLs and writes titles and authors as plain text', async () => {
    const root = copyExample();
    const sources = ['/one', '/two', '/three', '/four'].map(
      (path) => `  - page: ${server.origin}${path}`,
    );
    writeFileSync(
      join(root, 'pipelines', 'hostile.yaml'),
      `title: City heat and urban tree canopy in Kellerton
description: Street trees, heat and health in Kellerton.
sources:
${sources.join('\n')}
allowPrivateNetwork: true
done: { minWords: 250, sections: [Background, What changed, What it means], minSources: 3 }
engine: offline
`,
    );
    const record = await runTopic({
      topic: loadTopic('hostile', join(root, 'pipelines')),
      engine: createOfflineEngine(),
      root,
      logger: SILENT_LOGGER,
      env: {},
    });
    expect(record.outcome).toBe('drafted');
    const draft = readFileSync(join(root, record.draft!.path), 'utf8');
    const { data, body } = splitFrontmatter(draft);
    const listed = data.sources as Record<string, string>[];
    expect(listed.length).toBeGreaterThanOrEqual(3);
    // The page that claimed a Reuters URL is cited by the URL it was fetched from.
    expect(listed.map((source) => source.url)).toContain(`${server.origin}/one`);
    expect(draft).not.toContain('reuters.com');
    for (const source of listed) expect(new URL(source.url!).origin).toBe(server.origin);

    // One link per source, to the URL the frontmatter lists: the `)` opened no javascript: link.
    const tree = unified().use(remarkParse).use(remarkGfm).parse(body);
    const links = nodesOf(tree, 'link').map((node) => ('url' in node ? node.url : ''));
    expect(links.sort()).toEqual(listed.map((source) => source.url).sort());
    expect(links.some((url) => url.includes('/two'))).toBe(true);
    expect(nodesOf(tree, 'html')).toEqual([]);

    const three = listed.find((source) => source.url?.endsWith('/three'));
    expect(three).toMatchObject({
      title: 'Kellerton raises tree budget 48%',
      author: 'Helen Ashdown',
    });
    expect(draft).not.toMatch(/<script|<img|<b>/i);
  });
});
