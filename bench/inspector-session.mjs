// A DevTools protocol session with the Worker's isolate through wrangler's inspector proxy.
// Needs a global WebSocket: Node 20 has it behind --experimental-websocket (`npm run bench` sets
// it). The proxy accepts only local origins; undici's WebSocket may send headers.

/** Opens a session; `send(method, params)` resolves with the result. Null if no inspector answers. */
export async function openInspectorSession(inspectorPort) {
  if (typeof WebSocket !== 'function') return null;
  try {
    const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
    const target = targets.find((candidate) => candidate.webSocketDebuggerUrl);
    if (!target) return null;
    const socket = new WebSocket(target.webSocketDebuggerUrl, { headers: { Origin: 'http://localhost' } });
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', reject, { once: true });
    });
    const waiting = new Map();
    let nextId = 1;
    socket.addEventListener('message', (event) => {
      const text = String(event.data);
      // Heap snapshot chunks and events are large and of no interest here.
      if (!text.startsWith('{"id"')) return;
      const message = JSON.parse(text);
      const settle = waiting.get(message.id);
      if (!settle) return;
      waiting.delete(message.id);
      settle(message);
    });
    return {
      send(method, params = {}, timeoutMs = 10_000) {
        return new Promise((resolve, reject) => {
          const id = nextId++;
          const timer = setTimeout(() => {
            waiting.delete(id);
            reject(new Error(`${method} got no answer within ${timeoutMs} ms`));
          }, timeoutMs);
          waiting.set(id, (message) => {
            clearTimeout(timer);
            if (message.error) reject(new Error(message.error.message));
            else resolve(message.result);
          });
          socket.send(JSON.stringify({ id, method, params }));
        });
      },
      close: () => socket.close(),
    };
  } catch {
    return null;
  }
}
