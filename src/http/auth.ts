import type { MiddlewareHandler } from 'hono';
import { AuthenticationError } from '../core/errors.ts';
import { isSameDigest, sha256Of } from './constant-time.ts';

/** Reads the accepted API tokens from the comma-separated `SCHEDULER_API_TOKENS` secret. */
export function parseApiTokens(secret: string | undefined): string[] {
  return (secret ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
}

/**
 * The digests of the configured tokens, each computed once: a digest costs an asynchronous
 * crypto call, and hashing every token on every request was a tenth of a request's CPU. Only
 * configured tokens are kept, never presented ones, so requests cannot grow it.
 */
const tokenDigests = new Map<string, Uint8Array>();

/** The digest itself is kept, not its promise: Workers must not await a promise of another request. */
async function digestOfToken(token: string): Promise<Uint8Array> {
  let digest = tokenDigests.get(token);
  if (!digest) tokenDigests.set(token, (digest = await sha256Of(token)));
  return digest;
}

/**
 * Requires `Authorization: Bearer <token>` with one of the configured tokens. The presented
 * token's SHA-256 is compared with every configured token's in constant time, so the time taken
 * reveals neither which token matched nor how long they are. With no token configured every
 * request is refused: the check fails closed.
 */
export function requireApiToken(): MiddlewareHandler<{ Bindings: { SCHEDULER_API_TOKENS?: string } }> {
  return async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AuthenticationError('Missing bearer token in Authorization header');
    const presented = await sha256Of(match[1]!);
    let accepted = false;
    for (const token of parseApiTokens(c.env.SCHEDULER_API_TOKENS)) {
      if (isSameDigest(await digestOfToken(token), presented)) accepted = true;
    }
    if (!accepted) throw new AuthenticationError('Invalid bearer token');
    await next();
  };
}
