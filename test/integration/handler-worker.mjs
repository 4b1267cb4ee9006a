// An auxiliary Worker that plays the HTTP handler of API-defined tasks in the integration tests.
// It records every request it receives; tests read them back from /__requests.
const received = [];
// How much of each streamed body was produced before its reader stopped, by task; see /__streams.
const streams = {};

const MIB = 1024 * 1024;

/**
 * A body of `totalBytes` written 64 KB at a time into an identity stream, whose writes resolve
 * only as the reader takes them; records how much was taken and whether the reader cancelled.
 * (This Worker has no compatibility date, which rules out `new ReadableStream(source)`.)
 */
function meteredBody(taskId, totalBytes, ctx) {
  const chunk = new TextEncoder().encode('y'.repeat(64 * 1024));
  const meter = (streams[taskId] = { producedBytes: 0, isCancelled: false });
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  writer.closed.catch(() => (meter.isCancelled = true));
  ctx.waitUntil(
    (async () => {
      while (meter.producedBytes < totalBytes) {
        await writer.write(chunk);
        meter.producedBytes += chunk.byteLength;
      }
      await writer.close();
    })().catch(() => (meter.isCancelled = true)),
  );
  return readable;
}

/** A body that sends a few bytes and then nothing for a minute, long past the test; metered like the above. */
function stalledBody(taskId, ctx) {
  const meter = (streams[taskId] = { producedBytes: 0, isCancelled: false });
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  writer.closed.catch(() => (meter.isCancelled = true));
  ctx.waitUntil(
    (async () => {
      await writer.write(new TextEncoder().encode('partial'));
      meter.producedBytes += 7;
      // A timer, not a promise that never settles, which workerd would cancel as hung.
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      await writer.close();
    })().catch(() => (meter.isCancelled = true)),
  );
  return readable;
}

export default {
  async fetch(request, _env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/__requests') return Response.json(received);
    if (url.pathname === '/__streams') return Response.json(streams);
    const body = await request.text();
    received.push({ url: request.url, method: request.method, headers: Object.fromEntries(request.headers), body });
    switch (url.pathname) {
      case '/fail':
        return new Response('x'.repeat(3000), { status: 500, statusText: 'Internal Server Error' });
      case '/redirect':
        return new Response(null, { status: 302, headers: { Location: 'https://evil.example/' } });
      case '/hang':
        // Answers only after a minute, long past the test; the scheduler must abort it at the
        // task's timeout. (A promise that never settles would be cancelled by workerd as hung.)
        await new Promise((resolve) => setTimeout(resolve, 60_000));
        return new Response('too late');
      case '/huge-failure':
        return new Response(meteredBody(request.headers.get('X-Scheduler-Task'), 20 * MIB, ctx), { status: 500 });
      case '/huge-success':
        return new Response(meteredBody(request.headers.get('X-Scheduler-Task'), 20 * MIB, ctx));
      case '/stalled-failure':
        return new Response(stalledBody(request.headers.get('X-Scheduler-Task'), ctx), { status: 500 });
      default:
        return new Response('ok');
    }
  },
};
