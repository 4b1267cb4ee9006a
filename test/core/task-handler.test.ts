import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  assertHandlerAllowed,
  httpHandlerSchema,
  isHostAllowed,
  parseAllowedHosts,
  serviceHandlerSchema,
  taskHandlerSchema,
} from '../../src/core/task-handler.ts';
import { catchError } from '../support/catch-error.ts';
import { aHandlerPolicy, anHttpHandler, aServiceHandler } from '../support/task-handler-builder.ts';

describe('httpHandlerSchema', () => {
  it('defaults the method to POST', () => {
    const result = httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh' });

    expect(result).toEqual({ success: true, data: { url: 'https://hooks.example.com/refresh', method: 'POST' } });
  });

  it('keeps a method that is given', () => {
    const result = httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh', method: 'GET' });

    expect(result.data?.method).toBe('GET');
  });

  it('refuses a method outside GET, POST, PUT, PATCH and DELETE at method', () => {
    const result = httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh', method: 'TRACE' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['method'] })]);
  });

  it('refuses an unknown field, naming it', () => {
    const result = httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh', retries: 3 });

    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['retries'] })]);
  });

  it.each(['X-Scheduler-Signature', 'x-scheduler-timestamp', 'X-SCHEDULER-ANYTHING'])(
    'refuses the reserved header %s at headers',
    (name) => {
      const result = httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh', headers: { [name]: 'forged' } });

      expect(result.error?.issues).toEqual([
        expect.objectContaining({ path: ['headers'], message: 'must not set X-Scheduler-* headers; the scheduler sets those' }),
      ]);
    },
  );

  it.each(['bad name', 'colon:name', 'tab\tname', ''])('refuses the invalid header name %j', (name) => {
    const result = httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh', headers: { [name]: 'value' } });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['headers', name] })]);
  });

  it.each(['Host', 'content-length', 'Connection', 'Transfer-Encoding', 'TE', 'Upgrade', 'Keep-Alive', 'Proxy-Authorization', 'Expect'])(
    'refuses %s, a header the runtime sets for each connection, naming it',
    (name) => {
      const result = httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh', headers: { [name]: 'x' } });

      expect(result.error?.issues).toEqual([
        expect.objectContaining({ path: ['headers', name], message: `'${name}' is set by the runtime for each connection; a handler may not set it` }),
      ]);
    },
  );

  it.each(['line\nbreak', 'carriage\rreturn', 'nul\u0000', 'euro €'])('refuses the header value %j, which Headers refuses', (value) => {
    const result = httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh', headers: { 'X-Note': value } });

    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['headers', 'X-Note'], message: 'must not contain line breaks, NUL or characters beyond U+00FF' }),
    ]);
  });

  it('refuses more than 100 headers, and accepts 100', () => {
    const headersOf = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`X-H${i}`, 'v']));

    expect(httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/', headers: headersOf(100) }).success).toBe(true);
    expect(httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/', headers: headersOf(101) }).error?.issues).toEqual([
      expect.objectContaining({ path: ['headers'], message: 'may set at most 100 headers, got 101' }),
    ]);
  });

  it('refuses a body with GET at body, for URLs and services alike', () => {
    const http = httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/', method: 'GET', body: '{}' });
    const service = serviceHandlerSchema.safeParse({ service: 'JOBS', path: '/run', method: 'GET', body: '' });

    for (const result of [http, service]) {
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['body'], message: 'must be absent when method is GET' })]);
    }
    expect(httpHandlerSchema.safeParse({ url: 'https://hooks.example.com/', method: 'DELETE', body: '{}' }).success).toBe(true);
  });

  it('accepts only what a Request can be built from: no definition it accepts fails at every run', () => {
    const header = fc.tuple(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(header, { maxLength: 4 }), fc.constantFrom('GET', 'POST', 'DELETE'), fc.option(fc.string()), (pairs, method, body) => {
        const handler = { url: 'https://hooks.example.com/', method, headers: Object.fromEntries(pairs), ...(body !== null && { body }) };
        const result = httpHandlerSchema.safeParse(handler);
        if (result.success) {
          expect(() => new Request(result.data.url, { method, headers: result.data.headers, body: result.data.body })).not.toThrow();
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('accepts ordinary headers such as Authorization', () => {
    const handler = { url: 'https://hooks.example.com/refresh', headers: { Authorization: 'Bearer secret', 'X-Request-Id': '7' } };

    const result = httpHandlerSchema.safeParse(handler);

    expect(result.data?.headers).toEqual({ Authorization: 'Bearer secret', 'X-Request-Id': '7' });
  });
});

describe('serviceHandlerSchema', () => {
  it('defaults the method to POST', () => {
    const result = serviceHandlerSchema.safeParse({ service: 'HANDLER_SERVICE', path: '/refresh' });

    expect(result).toEqual({ success: true, data: { service: 'HANDLER_SERVICE', path: '/refresh', method: 'POST' } });
  });

  it('refuses a path that does not start with / at path', () => {
    const result = serviceHandlerSchema.safeParse({ service: 'HANDLER_SERVICE', path: 'refresh' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['path'], message: 'must start with /' })]);
  });

  it('refuses a service that is not a binding name at service', () => {
    const result = serviceHandlerSchema.safeParse({ service: 'handler-service', path: '/refresh' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['service'], message: 'must be a binding name' })]);
  });

  it('refuses an unknown field, naming it', () => {
    const result = serviceHandlerSchema.safeParse({ service: 'HANDLER_SERVICE', path: '/refresh', url: 'https://x.test' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['url'] })]);
  });

  it('refuses a reserved header in any case at headers', () => {
    const result = serviceHandlerSchema.safeParse({ service: 'HANDLER_SERVICE', path: '/refresh', headers: { 'x-Scheduler-Signature': 'v1=0' } });

    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['headers'], message: 'must not set X-Scheduler-* headers; the scheduler sets those' }),
    ]);
  });
});

describe('taskHandlerSchema', () => {
  it('accepts an HTTP handler', () => {
    const result = taskHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh' });

    expect(result.data).toEqual({ url: 'https://hooks.example.com/refresh', method: 'POST' });
  });

  it('accepts a service handler', () => {
    const result = taskHandlerSchema.safeParse({ service: 'HANDLER_SERVICE', path: '/refresh' });

    expect(result.data).toEqual({ service: 'HANDLER_SERVICE', path: '/refresh', method: 'POST' });
  });

  it('refuses a handler that mixes a URL and a service', () => {
    const result = taskHandlerSchema.safeParse({ url: 'https://hooks.example.com/refresh', service: 'HANDLER_SERVICE', path: '/refresh' });

    expect(result.success).toBe(false);
  });
});

describe('parseAllowedHosts', () => {
  it('splits the setting on commas', () => {
    const hosts = parseAllowedHosts('hooks.example.com,*.internal.test');

    expect(hosts).toEqual(['hooks.example.com', '*.internal.test']);
  });

  it('trims whitespace around each pattern', () => {
    const hosts = parseAllowedHosts('  hooks.example.com , *.internal.test\n');

    expect(hosts).toEqual(['hooks.example.com', '*.internal.test']);
  });

  it('lowercases each pattern', () => {
    const hosts = parseAllowedHosts('Hooks.Example.COM');

    expect(hosts).toEqual(['hooks.example.com']);
  });

  it('drops empty entries', () => {
    const hosts = parseAllowedHosts(',hooks.example.com,, ,');

    expect(hosts).toEqual(['hooks.example.com']);
  });

  it('returns no patterns for a missing setting', () => {
    const hosts = parseAllowedHosts(undefined);

    expect(hosts).toEqual([]);
  });
});

describe('isHostAllowed', () => {
  it('allows a host that matches a pattern exactly', () => {
    const allowed = isHostAllowed('hooks.example.com', ['hooks.example.com']);

    expect(allowed).toBe(true);
  });

  it('refuses a subdomain of an exact pattern', () => {
    const allowed = isHostAllowed('a.hooks.example.com', ['hooks.example.com']);

    expect(allowed).toBe(false);
  });

  it('compares the host without regard to case', () => {
    const allowed = isHostAllowed('Hooks.EXAMPLE.com', ['hooks.example.com']);

    expect(allowed).toBe(true);
  });

  it.each(['a.example.com', 'a.b.example.com'])('lets *.example.com match the subdomain %s', (host) => {
    const allowed = isHostAllowed(host, ['*.example.com']);

    expect(allowed).toBe(true);
  });

  it.each(['example.com', 'badexample.com', 'example.com.evil.test'])('does not let *.example.com match %s', (host) => {
    const allowed = isHostAllowed(host, ['*.example.com']);

    expect(allowed).toBe(false);
  });

  it('matches a wildcard pattern without regard to the host\'s case', () => {
    const allowed = isHostAllowed('A.Example.COM', ['*.example.com']);

    expect(allowed).toBe(true);
  });

  it('allows a host that matches any one of several patterns', () => {
    const allowed = isHostAllowed('api.internal.test', ['hooks.example.com', '*.internal.test']);

    expect(allowed).toBe(true);
  });

  it('refuses every host when no pattern is configured', () => {
    const allowed = isHostAllowed('hooks.example.com', []);

    expect(allowed).toBe(false);
  });
});

describe('assertHandlerAllowed', () => {
  it('passes an https handler to an allowed host', () => {
    const handler = anHttpHandler({ url: 'https://hooks.example.com/refresh' });

    const act = () => assertHandlerAllowed(handler, aHandlerPolicy({ allowedHosts: ['hooks.example.com'] }));

    expect(act).not.toThrow();
  });

  it('passes an http handler to a host a wildcard allows', () => {
    const handler = anHttpHandler({ url: 'http://a.internal.test:8080/refresh' });

    const act = () => assertHandlerAllowed(handler, aHandlerPolicy({ allowedHosts: ['*.internal.test'] }));

    expect(act).not.toThrow();
  });

  it('passes a service handler whose binding exists', () => {
    const handler = aServiceHandler({ service: 'HANDLER_SERVICE' });

    const act = () => assertHandlerAllowed(handler, aHandlerPolicy({ services: ['HANDLER_SERVICE'] }));

    expect(act).not.toThrow();
  });

  it('refuses a service handler whose binding is absent, naming the binding', () => {
    const handler = aServiceHandler({ service: 'MISSING' });

    const error = catchError(() => assertHandlerAllowed(handler, aHandlerPolicy({ services: ['HANDLER_SERVICE'] })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "handler.service 'MISSING' is not a service binding of this Worker");
  });

  it('refuses a URL that is not absolute', () => {
    const handler = anHttpHandler({ url: '/refresh' });

    const error = catchError(() => assertHandlerAllowed(handler, aHandlerPolicy()));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "handler.url '/refresh' is not an absolute URL");
  });

  it.each([
    ['ftp://hooks.example.com/refresh', 'ftp'],
    ['ws://hooks.example.com/refresh', 'ws'],
    ['file:///etc/passwd', 'file'],
  ])('refuses %s, naming its scheme', (url, scheme) => {
    const handler = anHttpHandler({ url });

    const error = catchError(() => assertHandlerAllowed(handler, aHandlerPolicy()));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', `handler.url must use http or https, not ${scheme}`);
  });

  it('refuses a URL carrying a user name and password', () => {
    const handler = anHttpHandler({ url: 'https://user:secret@hooks.example.com/refresh' });

    const error = catchError(() => assertHandlerAllowed(handler, aHandlerPolicy()));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', 'handler.url must not carry credentials; use handler.headers');
  });

  it('refuses a URL carrying only a user name', () => {
    const handler = anHttpHandler({ url: 'https://user@hooks.example.com/refresh' });

    const error = catchError(() => assertHandlerAllowed(handler, aHandlerPolicy()));

    expect(error).toHaveProperty('message', 'handler.url must not carry credentials; use handler.headers');
  });

  it('refuses a URL carrying only a password', () => {
    const handler = anHttpHandler({ url: 'https://:secret@hooks.example.com/refresh' });

    const error = catchError(() => assertHandlerAllowed(handler, aHandlerPolicy()));

    expect(error).toHaveProperty('message', 'handler.url must not carry credentials; use handler.headers');
  });

  it('refuses a host that is not allowed, naming it', () => {
    const handler = anHttpHandler({ url: 'https://evil.test/refresh' });

    const error = catchError(() => assertHandlerAllowed(handler, aHandlerPolicy({ allowedHosts: ['hooks.example.com'] })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "handler.url host 'evil.test' is not in SCHEDULER_ALLOWED_HOSTS");
  });
});
