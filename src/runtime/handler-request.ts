import { SIGNATURE_HEADER, signRequest, TIMESTAMP_HEADER } from './request-signature.ts';
import { assertHandlerAllowed, type HandlerPolicy, type TaskHandler } from '../core/task-handler.ts';
import type { TaskFunction } from '../core/task-host.ts';

/** How much of a failed response's body `lastRunError` keeps. */
const ERROR_BODY_BYTES = 1024;

/** The run a handler request belongs to, as its X-Scheduler-* headers tell the handler. */
export interface HandlerRunContext {
  pluginId: string;
  taskId: string;
  ticket: string;
  scheduledFor: number;
  policy: HandlerPolicy;
  /** The Worker's bindings, where service handlers are found. */
  env: Record<string, unknown>;
  signingSecret: string | undefined;
  now(): number;
}

/** A failed handler response: its status, and the start of its body. */
class HandlerResponseError extends Error {
  override readonly name = 'HttpError';
}

async function readStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Read only what the error keeps: a handler may answer with a huge body, or never finish it.
  while (size < ERROR_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) bytes.set(chunk, (offset += chunk.byteLength) - chunk.byteLength);
  return new TextDecoder().decode(bytes.subarray(0, ERROR_BODY_BYTES));
}

/** How much of a successful response's body is read, so its connection can serve the next run. */
const SUCCESS_BODY_BYTES = 64 * 1024;

/**
 * Reads a successful answer's body to its end, so the connection to the handler is kept for
 * the next request rather than closed; a body longer than `SUCCESS_BODY_BYTES` is cut off instead.
 */
async function drain(response: Response): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  for (let size = 0; size <= SUCCESS_BODY_BYTES; ) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
}

/**
 * The task function of an API-defined task: one request to its handler, carrying the run's
 * X-Scheduler-* headers and, with a signing secret, an HMAC signature. Redirects are not
 * followed, so a handler cannot bounce the request to a host the policy does not allow.
 */
export function createHandlerTask(handler: TaskHandler, context: HandlerRunContext): TaskFunction {
  return async (signal: AbortSignal) => {
    // Checked again at run time: the allowed hosts or bindings may have changed since registration.
    assertHandlerAllowed(handler, context.policy);
    const url = 'service' in handler ? `https://${handler.service.toLowerCase()}.service${handler.path}` : handler.url;
    const body = handler.method === 'GET' ? '' : (handler.body ?? '');
    const headers = new Headers(handler.headers);
    headers.set('X-Scheduler-Plugin', context.pluginId);
    headers.set('X-Scheduler-Task', context.taskId);
    headers.set('X-Scheduler-Run', context.ticket);
    headers.set('X-Scheduler-Scheduled-For', new Date(context.scheduledFor).toISOString());
    if (context.signingSecret) {
      const timestamp = String(Math.floor(context.now() / 1000));
      headers.set(TIMESTAMP_HEADER, timestamp);
      headers.set(SIGNATURE_HEADER, await signRequest(context.signingSecret, { timestamp, method: handler.method, url, body }));
    }
    const request = new Request(url, {
      method: handler.method,
      headers,
      body: handler.method === 'GET' ? null : body,
      redirect: 'manual',
      signal,
    });
    const response =
      'service' in handler ? await (context.env[handler.service] as Fetcher).fetch(request) : await fetch(request);
    if (response.status >= 200 && response.status < 300) {
      await drain(response);
      return;
    }
    const start = await readStart(response);
    throw new HandlerResponseError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: ${start}`);
  };
}
