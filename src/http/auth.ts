import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { AuthenticationError } from '../core/errors.ts';

/** Reads the accepted API tokens from the comma-separated `SCHEDULER_API_TOKENS` secret. */
export function parseApiTokens(secret: string | undefined): string[] {
  return (secret ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
}

/**
 * Requires `Authorization: Bearer <token>` with one of the configured tokens, compared in
 * constant time. With no token configured every request is refused: the check fails closed.
 */
export function requireApiToken(): MiddlewareHandler<{ Bindings: { SCHEDULER_API_TOKENS?: string } }> {
  return async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AuthenticationError('Missing bearer token in Authorization header');
    const presented = match[1]!;
    let accepted = false;
    // Every configured token is compared, so the time taken does not reveal which one matched.
    for (const token of parseApiTokens(c.env.SCHEDULER_API_TOKENS)) {
      if (await timingSafeEqual(token, presented)) accepted = true;
    }
    if (!accepted) throw new AuthenticationError('Invalid bearer token');
    await next();
  };
}
