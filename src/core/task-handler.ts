import * as z from 'zod';
import { InputError } from './errors.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers the scheduler sets on every handler request; a task may not override them. */
export const RESERVED_HEADER_PREFIX = 'x-scheduler-';

/** The most headers one handler may set. */
export const MAX_HANDLER_HEADERS = 100;

/**
 * Headers a handler may not set: hop-by-hop headers, which concern one connection and not the
 * request, and the framing and routing headers the runtime writes itself. A `fetch` would drop
 * or refuse them at every run; refusing them at definition says so once.
 */
const FORBIDDEN_HEADER_NAMES: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer',
  'trailers', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect',
]);

/** What `Headers` refuses in a value: CR, LF and NUL, and any character beyond one byte. */
// eslint-disable-next-line no-control-regex
const INVALID_HEADER_VALUE = /[\r\n\u0000]|[^\u0000-\u00ff]/;

const headersSchema = z.record(z.string(), z.string().max(8_192)).superRefine((headers, ctx) => {
  const names = Object.keys(headers);
  if (names.length > MAX_HANDLER_HEADERS) {
    ctx.addIssue({ code: 'custom', message: `may set at most ${MAX_HANDLER_HEADERS} headers, got ${names.length}` });
  }
  // Checked here rather than as the record's key schema, whose failures zod reports only as "Invalid key".
  for (const name of names) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: `'${name}' is not a valid header name` });
    else if (lower.startsWith(RESERVED_HEADER_PREFIX)) {
      ctx.addIssue({ code: 'custom', message: 'must not set X-Scheduler-* headers; the scheduler sets those' });
    } else if (FORBIDDEN_HEADER_NAMES.has(lower)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `'${name}' is set by the runtime for each connection; a handler may not set it` });
    } else if (INVALID_HEADER_VALUE.test(headers[name]!)) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'must not contain line breaks, NUL or characters beyond U+00FF' });
    }
  }
});

/** A GET request has no body; `fetch` refuses one, so a handler that sets it could never run. */
function refuseBodyWithGet(handler: { method: string; body?: string | undefined }, ctx: z.RefinementCtx): void {
  if (handler.method === 'GET' && handler.body !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'must be absent when method is GET' });
  }
}

/** A task whose handler is an HTTP endpoint: a 2xx answer is success. */
export const httpHandlerSchema = z
  .object({
    url: z.string().max(2_048),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    headers: headersSchema.optional(),
    body: z.string().optional(),
  })
  .strict()
  .superRefine(refuseBodyWithGet);

/** A task whose handler is another Worker, reached through a service binding. */
export const serviceHandlerSchema = z
  .object({
    service: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a binding name'),
    path: z.string().startsWith('/', 'must start with /').max(2_048),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    headers: headersSchema.optional(),
    body: z.string().optional(),
  })
  .strict()
  .superRefine(refuseBodyWithGet);

/** How an API-defined task runs: an HTTP request, or a call to a bound Worker. */
export const taskHandlerSchema = z.union([httpHandlerSchema, serviceHandlerSchema]);

export type HttpHandler = z.infer<typeof httpHandlerSchema>;
export type ServiceHandler = z.infer<typeof serviceHandlerSchema>;
export type TaskHandler = z.infer<typeof taskHandlerSchema>;

/** Where handlers may send requests: host patterns (`api.example.com`, `*.example.com`) and bound services. */
export interface HandlerPolicy {
  allowedHosts: readonly string[];
  hasService(name: string): boolean;
}

/** Parses `SCHEDULER_ALLOWED_HOSTS`: comma-separated host patterns, lowercased. */
export function parseAllowedHosts(setting: string | undefined): string[] {
  return (setting ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host.length > 0);
}

/**
 * The policy a Worker's bindings set: the hosts in `SCHEDULER_ALLOWED_HOSTS`, and every binding
 * that can fetch except the scheduler's own objects (`PLUGIN_*`), which a task must not call.
 */
export function handlerPolicyOf(bindings: Record<string, unknown>): HandlerPolicy {
  const hosts = bindings['SCHEDULER_ALLOWED_HOSTS'];
  return {
    allowedHosts: parseAllowedHosts(typeof hosts === 'string' ? hosts : undefined),
    hasService: (name) => !name.startsWith('PLUGIN_') && typeof (bindings[name] as { fetch?: unknown } | undefined)?.fetch === 'function',
  };
}

/** Tells whether a host matches one allowed pattern; `*.example.com` matches subdomains only. */
export function isHostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  const name = host.toLowerCase();
  return allowedHosts.some((pattern) =>
    pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1 : name === pattern,
  );
}

/** Throws InputError unless the handler may be called under the policy: http(s) to an allowed host, or a bound service. */
export function assertHandlerAllowed(handler: TaskHandler, policy: HandlerPolicy): void {
  if ('service' in handler) {
    if (!policy.hasService(handler.service)) {
      throw new InputError(`handler.service '${handler.service}' is not a service binding of this Worker`);
    }
    return;
  }
  let url: URL;
  try {
    url = new URL(handler.url);
  } catch {
    throw new InputError(`handler.url '${handler.url}' is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`handler.url must use http or https, not ${url.protocol.replace(':', '')}`);
  }
  if (url.username || url.password) throw new InputError('handler.url must not carry credentials; use handler.headers');
  if (!isHostAllowed(url.hostname, policy.allowedHosts)) {
    throw new InputError(`handler.url host '${url.hostname}' is not in SCHEDULER_ALLOWED_HOSTS`);
  }
}
