import type { HandlerPolicy, HttpHandler, ServiceHandler } from '../../src/core/task-handler.ts';

/** A handler that POSTs to `https://hooks.example.com/refresh`. */
export function anHttpHandler(overrides: Partial<HttpHandler> = {}): HttpHandler {
  return { url: 'https://hooks.example.com/refresh', method: 'POST', ...overrides };
}

/** A handler that POSTs to `/refresh` on the Worker bound as `HANDLER_SERVICE`. */
export function aServiceHandler(overrides: Partial<ServiceHandler> = {}): ServiceHandler {
  return { service: 'HANDLER_SERVICE', path: '/refresh', method: 'POST', ...overrides };
}

/** A policy allowing `hooks.example.com` and the given bound services (by default `HANDLER_SERVICE`). */
export function aHandlerPolicy(overrides: { allowedHosts?: string[]; services?: string[] } = {}): HandlerPolicy {
  const services = new Set(overrides.services ?? ['HANDLER_SERVICE']);
  return { allowedHosts: overrides.allowedHosts ?? ['hooks.example.com'], hasService: (name) => services.has(name) };
}
