import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedPayload, signRequest } from '../../src/runtime/request-signature.ts';

const SECRET = 'test-signing-secret';

/** The signed parts of a POST a handler task sends at noon on 2025-01-15. */
function aSignedRequest(overrides: Partial<Parameters<typeof signRequest>[1]> = {}) {
  return { timestamp: '1736942400000', method: 'POST', url: 'https://hooks.example.com/refresh', body: '{"reason":"schedule"}', ...overrides };
}

describe('signedPayload', () => {
  it('puts the timestamp, method, URL and body on one line each', () => {
    const payload = signedPayload(aSignedRequest());

    expect(payload).toBe('1736942400000\nPOST\nhttps://hooks.example.com/refresh\n{"reason":"schedule"}');
  });
});

describe('signRequest', () => {
  it('gives v1= followed by 64 lowercase hex digits', async () => {
    const signature = await signRequest(SECRET, aSignedRequest());

    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('matches an HMAC-SHA256 of the signed payload computed independently', async () => {
    const parts = aSignedRequest();
    const expected = `v1=${createHmac('sha256', SECRET).update(signedPayload(parts)).digest('hex')}`;

    const signature = await signRequest(SECRET, parts);

    expect(signature).toBe(expected);
  });

  it('matches an independent HMAC-SHA256 for a UTF-8 body and a secret longer than the hash block', async () => {
    const secret = `sécret-${'k'.repeat(80)}`;
    const parts = aSignedRequest({ body: 'größe ✓ 日本' });
    const expected = `v1=${createHmac('sha256', secret).update(signedPayload(parts), 'utf8').digest('hex')}`;

    const signature = await signRequest(secret, parts);

    expect(signature).toBe(expected);
  });

  it('gives the same signature for the same request and secret', async () => {
    const first = await signRequest(SECRET, aSignedRequest());

    const second = await signRequest(SECRET, aSignedRequest());

    expect(second).toBe(first);
  });

  it.each([
    ['timestamp', { timestamp: '1736942400001' }],
    ['method', { method: 'PUT' }],
    ['url', { url: 'https://hooks.example.com/refresh?again=1' }],
    ['body', { body: '{"reason":"trigger"}' }],
  ] as const)('changes when the %s changes', async (_part, change) => {
    const original = await signRequest(SECRET, aSignedRequest());

    const changed = await signRequest(SECRET, aSignedRequest(change));

    expect(changed).not.toBe(original);
  });

  it('changes when the secret changes', async () => {
    const original = await signRequest(SECRET, aSignedRequest());

    const changed = await signRequest('another-secret', aSignedRequest());

    expect(changed).not.toBe(original);
  });
});
