import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { AuthenticationError } from '../core/errors.ts';
import { isSameDigest, sha256Of } from './constant-time.ts';

/**
 * RFC 6750's token68 alphabet, the only tokens `Authorization: Bearer` may carry; Hono's
 * `bearerAuth` refuses any other presented token before comparing it.
 */
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;

/** Reads the accepted API tokens from the comma-separated `SCHEDULER_API_TOKENS` secret. */
export function parseApiTokens(secret: string | undefined): string[] {
  return (secret ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
}

/**
 * The configured tokens, refusing the whole secret when one of them could never be presented:
 * before Hono's `bearerAuth`, any non-blank token was accepted, so a token such as `p@ss!` would
 * otherwise stop working without a word. The message names the token's position, never the token.
 */
export function readApiTokens(secret: string | undefined): string[] {
  const tokens = parseApiTokens(secret);
  const badIndex = tokens.findIndex((token) => !TOKEN68.test(token));
  if (badIndex >= 0) {
    throw new Error(
      `SCHEDULER_API_TOKENS: token ${badIndex + 1} of ${tokens.length} holds a character outside RFC 6750's token68 alphabet ` +
        '(A-Z a-z 0-9 - . _ ~ + / and trailing =), so no Authorization header can carry it; replace it, e.g. with `openssl rand -hex 32`',
    );
  }
  return tokens;
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
 * Whether `presented` is one of `tokens`. Its SHA-256 is compared with every configured token's
 * in constant time, with no early exit, so the time taken reveals neither which token matched
 * nor how long they are. (Hono's own `token` list stops at the first match and compares the raw
 * strings too, whose loop runs as long as the longer one.)
 */
async function isConfiguredToken(presented: string, tokens: string[]): Promise<boolean> {
  const digest = await sha256Of(presented);
  let isAccepted = false;
  for (const token of tokens) {
    if (isSameDigest(await digestOfToken(token), digest)) isAccepted = true;
  }
  return isAccepted;
}

// Each refusal throws our AuthenticationError from Hono's message hook, so the one error handler
// renders Backstage's body with 401; a malformed header stays a 401 too (Hono would answer 400).
const refuseMissing = (): never => {
  throw new AuthenticationError('Missing bearer token in Authorization header');
};
const refuseInvalid = (): never => {
  throw new AuthenticationError('Invalid bearer token');
};

type TokenBindings = { Bindings: { SCHEDULER_API_TOKENS?: string } };

/**
 * Requires `Authorization: Bearer <token>` with one of the configured tokens, through Hono's
 * `bearerAuth`. With no token configured every request is refused: the check fails closed. A
 * secret holding a token outside the token68 alphabet refuses every request with a logged 500.
 */
export function requireApiToken(): MiddlewareHandler<TokenBindings> {
  const checkBearer = bearerAuth({
    verifyToken: (presented, c: Context<TokenBindings>) => isConfiguredToken(presented, readApiTokens(c.env.SCHEDULER_API_TOKENS)),
    noAuthenticationHeader: { message: refuseMissing },
    invalidAuthenticationHeader: { message: refuseMissing },
    invalidToken: { message: refuseInvalid },
  });
  return async (c, next) => {
    // Checked before the header, so a misconfiguration shows on the very first request.
    readApiTokens(c.env.SCHEDULER_API_TOKENS);
    return checkBearer(c, next);
  };
}
