import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { REPO_ROOT } from '../helpers/example-copy.js';
import { reviewProject } from '../helpers/review-project.js';

/** Debian's chromium (`.ci/run` installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const SCREENSHOT = join(REPO_ROOT, 'docs', 'evidence-view.png');

// Offline and quiet: no first-run, sync, update or background traffic (the page itself must not
// need any network either; every request off 127.0.0.1 is aborted and counted below).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const hasChromium = existsSync(CHROMIUM);
const title = hasChromium
  ? `the review page in headless Chromium (${CHROMIUM})`
  : `the review page in headless Chromium: SKIPPED, no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;

// Said where the run's output shows it, not only in the test's name.
if (!hasChromium) console.warn(title);

let server: ChildProcess | undefined;
let context: BrowserContext | undefined;
const profiles: string[] = [];
afterAll(async () => {
  await context?.close();
  // The review command serves until it is interrupted: SIGTERM ends it as Ctrl-C would.
  server?.kill('SIGTERM');
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

/** Starts `review` in the project (the real CLI) and resolves with the URL it prints. */
function startReview(root: string): Promise<string> {
  const child = spawn(process.execPath, [CLI, 'review'], { cwd: root, stdio: 'pipe' });
  server = child;
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /review: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('exit', (code) => reject(new Error(`review exited with ${code}: ${out}${err}`)));
  });
}

async function openBrowser(origin: string): Promise<{ page: Page; offsite: string[] }> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  profiles.push(profile);
  // A fresh profile (--user-data-dir) per run: Playwright passes it for a persistent context.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const offsite: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith(origin)) return route.continue();
    offsite.push(route.request().url());
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { page, offsite };
}

describe.skipIf(!hasChromium || !existsSync(CLI))(title, () => {
  it('shows a sentence’s passage, rejects and approves drafts, and refuses a request without the token', async () => {
    const project = await reviewProject();
    const [first, second] = project.drafts;
    const url = await startReview(project.root);
    const { page, offsite } = await openBrowser(url.replace(/\/$/, ''));
    const problems: string[] = [];
    // The 403 of the refused request is logged as a failed load: expected. A CSP violation (a
    // script the page's policy does not allow) or a script error is not.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    // The list: both drafts, with their findings counts.
    await page.goto(url);
    expect(await page.locator('#drafts tbody tr').count()).toBe(2);
    const row = page.locator(`tr[data-draft="${first}"]`);
    expect(await row.locator('.findings').textContent()).toBe('0 error, 1 warning, 0 info');

    // The evidence view: click a sentence, see its passage with the shared words highlighted.
    await row.locator('a').click();
    await page.waitForSelector('#sentence-0');
    expect(await page.locator('#evidence-0').isVisible()).toBe(false);
    // Hovering shows a sentence's evidence while none is pinned by a click.
    await page.locator('#sentence-2').hover();
    expect(await page.locator('#evidence-2').isVisible()).toBe(true);
    await page.locator('#sentence-0').click();
    const panel = page.locator('#evidence-0');
    expect(await panel.isVisible()).toBe(true);
    const passage = panel.locator('.passage[data-source="s4"] .passage-text');
    expect(await passage.isVisible()).toBe(true);
    const marks = await passage.locator('mark').allTextContents();
    expect(marks).toEqual(expect.arrayContaining(['canopy', 'Kellerton', 'cooler', '3.1']));
    expect(await panel.locator('.finding.severity-warning').textContent()).toContain(
      'stale-relative-time',
    );
    // Keyboard: j moves to the next sentence and shows its evidence.
    await page.keyboard.press('j');
    expect(await page.locator('#evidence-1').isVisible()).toBe(true);
    expect(await panel.isVisible()).toBe(false);
    await page.keyboard.press('k');
    expect(await panel.isVisible()).toBe(true);
    mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');

    // On a phone the evidence opens as a sheet over the lower half of the screen.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.keyboard.press('Escape');
    expect(await page.locator('#evidence').isVisible()).toBe(false);
    await page.locator('#sentence-3').click();
    const sheet = (await page.locator('#evidence').boundingBox())!;
    expect(await page.locator('#evidence-3').isVisible()).toBe(true);
    expect(sheet.width).toBe(390);
    expect(sheet.y).toBeGreaterThanOrEqual(390);
    expect(Math.round(sheet.y + sheet.height)).toBe(800);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('#sentence-0').click();

    // Open source: the extracted text at the passage's position.
    await panel.locator('a.open-source').first().click();
    await page.waitForSelector('ol.source-text');
    expect(page.url()).toMatch(/\/source\/.+\/s4#sentence-\d+$/);
    await page.goBack();

    // A state change without the token is refused, and nothing moves.
    await page
      .locator('form[action="/approve"] input[name="token"]')
      .evaluate((input) => input.remove());
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/approve')),
      page.locator('button.approve').click(),
    ]);
    expect(refused.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Refused');
    expect(existsSync(join(project.root, 'content', 'pending', first))).toBe(true);

    // Reject the second draft with a reason: gone from the list, in the rejected folder.
    await page.goto(`${url}draft/${second}`);
    await page.locator('input[name="reason"]').fill('duplicates the other draft');
    await page.locator('button.reject').click();
    await page.waitForSelector('.message');
    expect(await page.locator('.message').textContent()).toContain(
      `Rejected content/pending/${second}`,
    );
    expect(await page.locator(`tr[data-draft="${second}"]`).count()).toBe(0);
    expect(await page.locator('#drafts tbody tr').count()).toBe(1);
    const rejected = splitFrontmatter(
      readFileSync(join(project.root, 'content', '.rejected', second), 'utf8'),
    ).data;
    expect(rejected.status).toBe('rejected');
    expect(rejected.rejected).toMatchObject({ reason: 'duplicates the other draft' });

    // Approve the first: published, and nothing is left to review.
    await page.locator(`tr[data-draft="${first}"] a`).click();
    await page.locator('button.approve').click();
    await page.waitForSelector('.message');
    expect(await page.locator('.message').textContent()).toContain(
      `Published content/pending/${first}`,
    );
    expect(await page.locator('#empty').isVisible()).toBe(true);
    const published = join(project.root, 'content', 'posts', first);
    expect(splitFrontmatter(readFileSync(published, 'utf8')).data.status).toBe('published');

    // The pages loaded nothing from the network and ran without a script or CSP error.
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);
});
