import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../src/runtime/request-signature.ts';

/** The documented `isFromScheduler` example (docs/handler-requests.md, linked from the README), compiled from the page itself so the two cannot drift. */
function readmeVerifier(): (request: Request, secret: string) => Promise<boolean> {
  const readme = readFileSync(join(import.meta.dirname, '../../docs/handler-requests.md'), 'utf8');
  const source = /```ts\n(async function isFromScheduler[\s\S]*?)```/.exec(readme)?.[1];
  if (!source) throw new Error('docs/handler-requests.md has no isFromScheduler example');
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  return new Function(`${js}; return isFromScheduler;`)();
}

async function signedRequest(secret: string, body: string, timestamp = String(Math.floor(Date.now() / 1000))): Promise<Request> {
  const url = 'https://handler.example/hook';
  const signature = await signRequest(secret, { timestamp, method: 'POST', url, body });
  return new Request(url, { method: 'POST', body, headers: { 'X-Scheduler-Timestamp': timestamp, 'X-Scheduler-Signature': signature } });
}

describe("the documented signature check", () => {
  it('accepts a request the scheduler signed', async () => {
    const verify = readmeVerifier();

    expect(await verify(await signedRequest('s3cret', '{"a":1}'), 's3cret')).toBe(true);
  });

  it('refuses a request signed with another secret', async () => {
    const verify = readmeVerifier();

    expect(await verify(await signedRequest('other', '{"a":1}'), 's3cret')).toBe(false);
  });

  it('refuses a request whose body was changed after signing', async () => {
    const verify = readmeVerifier();
    const original = await signedRequest('s3cret', '{"a":1}');
    const tampered = new Request(original.url, { method: 'POST', body: '{"a":2}', headers: original.headers });

    expect(await verify(tampered, 's3cret')).toBe(false);
  });

  it('refuses a replay older than five minutes', async () => {
    const verify = readmeVerifier();
    const old = String(Math.floor(Date.now() / 1000) - 600);

    expect(await verify(await signedRequest('s3cret', '{}', old), 's3cret')).toBe(false);
  });
});
