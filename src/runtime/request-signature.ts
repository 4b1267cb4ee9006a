/** The headers that carry a handler request's signature, when a signing secret is set. */
export const SIGNATURE_HEADER = 'X-Scheduler-Signature';
export const TIMESTAMP_HEADER = 'X-Scheduler-Timestamp';

/** What is signed: the timestamp, method, URL and body, one per line. */
export function signedPayload(parts: { timestamp: string; method: string; url: string; body: string }): string {
  return `${parts.timestamp}\n${parts.method}\n${parts.url}\n${parts.body}`;
}

/**
 * The `X-Scheduler-Signature` value: `v1=` and the hex HMAC-SHA256 of the signed payload, made
 * with Web Crypto, which Workers, Node and Deno all have.
 */
export async function signRequest(
  secret: string,
  parts: { timestamp: string; method: string; url: string; body: string },
): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(signedPayload(parts)));
  return `v1=${[...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
