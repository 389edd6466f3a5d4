import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { EngineError } from '../../core/errors.js';
import type { StageName } from '../../core/stage.js';

/** Where a call failed, for the message. */
export interface CallSite {
  /** The stage that made the call (the error names it). */
  stage: StageName;
  /** `draft`, `revise` or `critic`. */
  step: string;
  /** Topic name. */
  topic: string;
  model: string;
  /** Turn of the agent loop (1-based). */
  turn: number;
  maxRetries: number;
  timeoutMs: number;
  /** The API key, only to be sure it never appears in a message. */
  apiKey: string;
}

/**
 * Turns anything the SDK threw into an {@link EngineError} naming the stage, topic and turn,
 * keeping the SDK's error as `cause` and its `requestID`. A 401 says "the API key was refused";
 * the key itself is redacted from every message.
 *
 * @param error What `messages.create` threw.
 * @param site Where it happened.
 */
export function engineErrorOf(error: unknown, site: CallSite): EngineError {
  const where = `topic "${site.topic}", ${site.step} turn ${site.turn}, model ${site.model}`;
  const redact = (text: string) =>
    site.apiKey ? text.split(site.apiKey).join('[redacted]') : text;
  if (error instanceof APIConnectionTimeoutError) {
    return new EngineError(
      site.stage,
      redact(
        `${where}: the model API timed out after ${site.timeoutMs} ms per attempt, ${site.maxRetries} retries exhausted`,
      ),
      {
        code: 'ENGINE_TIMEOUT',
        cause: error,
      },
    );
  }
  if (error instanceof APIUserAbortError) {
    return new EngineError(site.stage, `${where}: aborted`, {
      code: 'ENGINE_ABORTED',
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new EngineError(
      site.stage,
      redact(
        `${where}: cannot reach the model API (${error.message}), ${site.maxRetries} retries exhausted`,
      ),
      {
        code: 'ENGINE_UNREACHABLE',
        cause: error,
      },
    );
  }
  if (error instanceof APIError) {
    // Read through unknown: the SDK's generic leaves `status` loosely typed.
    const raw: unknown = error.status;
    const status = typeof raw === 'number' ? raw : undefined;
    const requestID = error.requestID ?? undefined;
    const id = requestID ? ` (request id ${requestID})` : '';
    const said = error.apiMessage ? `: ${redact(error.apiMessage)}` : '';
    if (status === 401) {
      return new EngineError(site.stage, `${where}: the API key was refused (401)${id}`, {
        requestID,
        code: 'ENGINE_AUTH',
        cause: error,
      });
    }
    if (status === 403) {
      return new EngineError(
        site.stage,
        `${where}: the API key may not use this model or endpoint (403)${said}${id}`,
        { requestID, code: 'ENGINE_FORBIDDEN', cause: error },
      );
    }
    const retried = isRetryable(status) ? `, after ${site.maxRetries} retries` : '';
    return new EngineError(
      site.stage,
      `${where}: the model API answered ${status ?? 'an error'}${said}${retried}${id}`,
      {
        requestID,
        code:
          status === 429
            ? 'ENGINE_RATE_LIMITED'
            : status === 529
              ? 'ENGINE_OVERLOADED'
              : 'ENGINE_API_ERROR',
        cause: error,
      },
    );
  }
  if (error instanceof EngineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EngineError(site.stage, redact(`${where}: ${message}`), { cause: error });
}

/** The statuses the SDK retries: rate limits, overload (529) and server errors. */
function isRetryable(status: number | undefined): boolean {
  return (
    status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500)
  );
}
