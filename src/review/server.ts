import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProjectConfig } from '../core/config.js';
import { messageOf } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { withoutCredentials } from '../core/redact.js';
import { promoteDrafts, rejectDrafts, type MoveReport } from '../editorial/moves.js';
import {
  draftPage,
  listPage,
  plainPage,
  sourcePage,
  type Notice,
  type PageContext,
} from './pages.js';
import { evidenceOfDraft, listPendingDrafts, type PendingDraft } from './pending.js';
import { escapeHtml } from '../evidence/index.js';

/** The address the review server listens on: this machine only. */
export const REVIEW_HOST = '127.0.0.1';

/** Largest request body read (a form with a reason), in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Longest reason kept for a rejection, in characters. */
export const MAX_REASON_CHARS = 500;

/** Options of {@link startReviewServer}. */
export interface ReviewServerOptions {
  root: string;
  config: ProjectConfig;
  logger: Logger;
  /** Port on 127.0.0.1 (default 0: a free port chosen by the system). */
  port?: number;
  /** Longest wait for the project lock of an approve or reject, in milliseconds (default 60 s). */
  lockWaitMs?: number;
  /** The per-process token (default: 32 random bytes, hex); tests pass their own. */
  token?: string;
}

/** A running review server. */
export interface ReviewServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  /** The token state-changing requests must carry (form field `token` or header `x-review-token`). */
  token: string;
  close(): Promise<void>;
}

/**
 * Starts the local review server: the pending drafts with their findings counts (`/`), each
 * draft's evidence view with Approve, Reject and Open source (`/draft/<file>`), an extracted
 * source (`/source/<file>/<id>`). Approve and Reject run the same code as `promote` and `reject`
 * (`src/editorial/moves.ts`, under the project lock).
 *
 * Why the token and the Host check: the server changes files, and any web page open in the
 * editor's browser can send a form to 127.0.0.1. A POST without this process's random token
 * (which only the server's own pages hold, and a page of another origin cannot read) is refused
 * with 403, and so is any request whose Host is not the server's own address (DNS rebinding:
 * a hostile name resolved to 127.0.0.1 would otherwise read the token).
 *
 * @param options The project and the port.
 * @throws Error when the port cannot be bound (in use, not allowed).
 */
export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const ctx: PageContext = { token, pendingDir: options.config.pending };
  let port = 0;
  const server = createServer((request, response) => {
    handle(request, response, options, ctx, port).catch((error: unknown) => {
      options.logger.error(`review: ${request.method} ${request.url}: ${messageOf(error)}`);
      if (!response.headersSent)
        send(
          response,
          500,
          plainPage('Error', `<h1>Error</h1><p>${escapeHtml(messageOf(error))}</p>`),
        );
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, REVIEW_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${REVIEW_HOST}:${port}/`,
    port,
    token,
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: ReviewServerOptions,
  ctx: PageContext,
  port: number,
): Promise<void> {
  const host = request.headers.host ?? '';
  if (host !== `${REVIEW_HOST}:${port}` && host !== `localhost:${port}`) {
    send(response, 403, plainPage('Refused', '<h1>Refused</h1><p>Unexpected Host header.</p>'));
    return;
  }
  const url = new URL(request.url ?? '/', `http://${REVIEW_HOST}:${port}`);
  const path = url.pathname.split('/').slice(1).map(decodeSegment);
  if (request.method === 'POST') {
    if (path.length !== 1 || (path[0] !== 'approve' && path[0] !== 'reject')) {
      send(response, 404, plainPage('Not found', '<h1>Not found</h1>'));
      return;
    }
    const form = await formOf(request);
    const given = form.get('token') ?? headerOf(request, 'x-review-token');
    if (!isToken(given, ctx.token)) {
      send(
        response,
        403,
        plainPage(
          'Refused',
          '<h1>Refused</h1><p>This request does not carry the review token of this server. Reload the draft page and try again.</p>',
        ),
      );
      return;
    }
    await act(path[0], form, response, options, ctx);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD, POST');
    send(response, 405, plainPage('Not allowed', '<h1>Method not allowed</h1>'));
    return;
  }
  const drafts = listPendingDrafts(options.root, options.config);
  const find = (name: string | undefined) => drafts.find((draft) => draft.name === name);
  if (path.length === 1 && path[0] === '') {
    const rows = drafts.map((draft) => ({
      draft,
      summary: evidenceOfDraft(options.root, draft).doc.summary,
    }));
    send(response, 200, listPage(rows, ctx, noticeOf(url)));
    return;
  }
  const draft = find(path[1]);
  if (path[0] === 'draft' && path.length === 2 && draft) {
    send(response, 200, draftPage(draft, evidenceOfDraft(options.root, draft).doc, ctx));
    return;
  }
  if (path[0] === 'source' && path.length === 3 && draft) {
    const { doc, sources } = evidenceOfDraft(options.root, draft);
    const source = sources.find((item) => item.id === path[2]);
    if (source) {
      const listed = doc.sources.find((item) => item.id === source.id)?.url ?? source.url;
      send(response, 200, sourcePage(draft, source, withoutCredentials(listed)));
      return;
    }
  }
  send(
    response,
    404,
    plainPage(
      'Not found',
      '<h1>Not found</h1><p>No such pending draft or source (it may have been approved or rejected). <a href="/">All pending drafts</a></p>',
    ),
  );
}

/** Approve or reject one pending draft, then back to the list (303) saying what happened. */
async function act(
  action: 'approve' | 'reject',
  form: URLSearchParams,
  response: ServerResponse,
  options: ReviewServerOptions,
  ctx: PageContext,
): Promise<void> {
  const draft = listPendingDrafts(options.root, options.config).find(
    (item) => item.name === form.get('draft'),
  );
  if (!draft) {
    send(response, 404, listPageAfter(options, ctx, 'No such pending draft (already moved?).'));
    return;
  }
  const reason = (form.get('reason') ?? '').replace(/\s+/g, ' ').trim();
  if (action === 'reject' && (reason === '' || reason.length > MAX_REASON_CHARS)) {
    send(
      response,
      400,
      listPageAfter(
        options,
        ctx,
        `A rejection needs a reason of 1 to ${MAX_REASON_CHARS} characters.`,
      ),
    );
    return;
  }
  const common = {
    root: options.root,
    config: options.config,
    lockWaitMs: options.lockWaitMs ?? 60_000,
    logger: options.logger,
  };
  const report: MoveReport =
    action === 'approve'
      ? await promoteDrafts([draft.path], common)
      : await rejectDrafts([draft.path], { ...common, reason });
  const failure = report.errors[0];
  if (failure) {
    send(response, report.broken ? 500 : 409, listPageAfter(options, ctx, failure.error));
    return;
  }
  const moved = report.moved[0]!;
  const query = new URLSearchParams({
    done: action === 'approve' ? 'published' : 'rejected',
    file: draft.file,
    to: moved.to,
  });
  response.statusCode = 303;
  response.setHeader('Location', `/?${query.toString()}`);
  response.end();
}

function listPageAfter(options: ReviewServerOptions, ctx: PageContext, text: string): string {
  const drafts = listPendingDrafts(options.root, options.config).map((draft) => ({
    draft,
    summary: evidenceOfDraft(options.root, draft).doc.summary,
  }));
  return listPage(drafts, ctx, { text, failed: true });
}

/** What the list says after a redirect from an action (only known words; names escaped). */
function noticeOf(url: URL): Notice | undefined {
  const done = url.searchParams.get('done');
  const file = url.searchParams.get('file');
  const to = url.searchParams.get('to');
  if ((done !== 'published' && done !== 'rejected') || !file || !to) return undefined;
  return {
    text: `${done === 'published' ? 'Published' : 'Rejected'} ${file}: now ${to}`,
    failed: false,
  };
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Stop reading at the cap: a form holds a file name, a token and a reason.
    if (size > MAX_BODY_BYTES) return new URLSearchParams();
    chunks.push(buffer);
  }
  const type = headerOf(request, 'content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

function isToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function send(response: ServerResponse, status: number, html: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  response.end(html);
}

export type { PendingDraft };
