// An auxiliary Worker that plays the HTTP handler of API-defined tasks in the integration tests.
// It records every request it receives; tests read them back from /__requests.
const received = [];

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/__requests') return Response.json(received);
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
      default:
        return new Response('ok');
    }
  },
};
