import fc from 'fast-check';

/** Handler URLs the outbound policy must refuse under SCHEDULER_ALLOWED_HOSTS `handler.test,*.allowed.test` (vitest.config.ts). */
export const REFUSED_HANDLER_URLS = [
  'https://evil.example/',
  'http://127.0.0.1.evil.example/',
  'https://handler.test@evil.example/',
  'https://user:pass@handler.test/hang',
  'https://handler.test./hang',
  'https://evil.example#@handler.test/',
  'https://evilallowed.test/',
  'https://allowed.test/',
  'https://x.allowed.test.evil.example/',
  'http://[::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://2130706433/',
  'ftp://handler.test/hang',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'data:text/plain,hello',
  '//handler.test/hang',
  '/hang',
  'handler.test/hang',
  '',
];
/**
 * Handler URLs the policy allows. Each points at `/hang`, which handler-worker.mjs answers only
 * after a minute, so a fuzzed task that runs never finishes during the test and changes nothing
 * behind the property's back.
 */
export const ALLOWED_HANGING_URLS = ['https://handler.test/hang', 'https://HANDLER.TEST/hang', 'http://a.allowed.test/hang?x=1'];

/** Task definitions the API accepts, each of which would hang if it ran. */
export const VALID_TASK_BODIES: ReadonlyArray<Record<string, unknown>> = [
  { frequency: { minutes: 5 }, timeout: { minutes: 1 }, handler: { url: 'https://handler.test/hang' } },
  { frequency: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, timeout: 'PT1M', handler: { url: 'https://handler.test/hang', method: 'PUT' } },
  { frequency: { trigger: 'manual' }, timeout: { seconds: 30 }, initialDelay: 'PT5S', scope: 'global', handler: { service: 'HANDLER_SERVICE', path: '/hang' } },
];

/** Values that break a field: wrong types, extremes of number and length, and near-misses of valid syntax. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(
    null, true, 0, -1, -0, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 64, [], {}, [[[]]],
    '', ' ', 'P', 'PT', 'P1DT', 'PT-1S', 'P999999999Y', 'P1000000Y', 'PT1e+21S', 'PT0.0000001S', 'PT1.5S',
    '* * * * * * *', '*/0 * * * *', '61 * * * *', '0 0 31 2 *', '@reboot', '@every 5m', '0 3 * * *',
    'Mars/Olympus', 'UTC', 'Etc/GMT+14', '+99:00', 'x'.repeat(10_000), 'manual', 'local', 'GET', 'TRACE',
    { years: 1e9 }, { seconds: 1e21 }, { milliseconds: 1 }, { weeks: -1 }, { fortnights: 1 }, { seconds: '5' },
    { url: 'https://handler.test/hang', url2: 1 }, { service: 'PLUGIN_SCHEDULER', path: '/' }, { service: 'HANDLER_SERVICE', path: 'no-slash' },
  ) },
  { weight: 2, arbitrary: fc.constantFrom(...REFUSED_HANDLER_URLS, ...ALLOWED_HANGING_URLS) },
  fc.oneof(fc.double(), fc.integer(), fc.bigInt().map(Number)),
  fc.string({ maxLength: 20 }),
);

/** Dotted paths into a task body where a hostile value is put. */
const MUTATION_PATHS = [
  'frequency', 'frequency.cron', 'frequency.timeZone', 'frequency.seconds', 'frequency.years', 'frequency.trigger',
  'timeout', 'timeout.hours', 'timeout.milliseconds', 'initialDelay', 'initialDelay.days', 'scope',
  'handler', 'handler.url', 'handler.method', 'handler.headers', 'handler.headers.X-Scheduler-Run', 'handler.headers.Bad Name',
  'handler.body', 'handler.service', 'extra',
];

function withValueAt(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys.at(-1)!] = value;
  return copy;
}

/** A valid task body with one field replaced by a hostile value. */
const mutatedTaskBody = fc
  .tuple(fc.constantFrom(...VALID_TASK_BODIES), fc.constantFrom(...MUTATION_PATHS), hostileValue)
  .map(([body, path, value]) => JSON.stringify(withValueAt(body, path, value)));

/** JSON texts with keys that pollute prototypes when code merges or assigns them naively. */
const pollutingBody = fc.constantFrom(...VALID_TASK_BODIES).chain((body) => {
  const valid = JSON.stringify(body).slice(1, -1);
  return fc.constantFrom(
    `{"__proto__":{"polluted":true},${valid}}`,
    `{"constructor":{"prototype":{"polluted":true}},${valid}}`,
    `{"prototype":{"polluted":true},${valid}}`,
    `{${valid},"frequency":{"__proto__":{"polluted":true},"minutes":5}}`,
    `{${valid},"timeout":{"constructor":{"prototype":{"polluted":true}}}}`,
    `{${valid.replace('"handler":{', '"handler":{"headers":{"__proto__":"polluted","constructor":"x","prototype":"y"},')}}`,
    `{${valid.replace('"handler":{', '"handler":{"__proto__":{"service":"HANDLER_SERVICE"},')}}`,
    `[{"__proto__":{"polluted":true}}]`,
  );
});

/** A task definition whose body carries prototype-polluting keys, for a new task or one that exists. */
export const pollutingRequest = fc.record({ taskId: fc.constantFrom('api-task', 'polluter'), body: pollutingBody });

/** Nesting deep enough to break recursive parsers, and still under the 64 KiB limit. */
const deepBody = fc.integer({ min: 1, max: 30_000 }).chain((depth) =>
  fc.constantFrom(
    '['.repeat(depth) + ']'.repeat(depth),
    `{"frequency":${'{"a":'.repeat(Math.min(depth, 9_000))}1${'}'.repeat(Math.min(depth, 9_000))},"timeout":"PT1M","handler":{"url":"https://handler.test/hang"}}`,
    `{"frequency":{"minutes":5},"timeout":"PT1M","handler":{"url":"https://handler.test/hang","headers":{"A":${'['.repeat(depth)}${']'.repeat(depth)}}}}`,
  ),
);

/** Numbers JSON can write but JavaScript cannot hold exactly. */
const hugeNumberBody = fc.constantFrom(
  '{"frequency":{"seconds":1e400},"timeout":"PT1M","handler":{"url":"https://handler.test/hang"}}',
  '{"frequency":{"minutes":123456789012345678901234567890},"timeout":"PT1M","handler":{"url":"https://handler.test/hang"}}',
  '{"frequency":{"minutes":5},"timeout":{"hours":-1e-400},"handler":{"url":"https://handler.test/hang"}}',
  '{"frequency":{"minutes":5},"timeout":{"minutes":1},"initialDelay":{"years":1e300},"handler":{"url":"https://handler.test/hang"}}',
  '{"frequency":{"years":99999999},"timeout":{"minutes":1},"handler":{"url":"https://handler.test/hang"}}',
  '123456789012345678901234567890',
  '-0',
  '1e400',
);

/** A valid task whose handler the outbound policy refuses: the last check before storage, made in the object too. */
const refusedHandlerBody = fc
  .tuple(
    fc.constantFrom(...VALID_TASK_BODIES),
    fc.oneof(
      fc.constantFrom(...REFUSED_HANDLER_URLS).map((url) => ({ url })),
      fc.constantFrom('PLUGIN_SCHEDULER', 'PLUGIN_INDEX', 'NO_SUCH_BINDING', 'SCHEDULER_API_TOKENS').map((service) => ({ service, path: '/hang' })),
    ),
  )
  .map(([body, handler]) => JSON.stringify({ ...body, handler }));

/** A request body: valid, nearly valid, hostile JSON, random JSON, random text or random bytes. */
export const hostileBody: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...VALID_TASK_BODIES).map((body) => JSON.stringify(body)),
  { arbitrary: mutatedTaskBody, weight: 6 },
  { arbitrary: refusedHandlerBody, weight: 2 },
  pollutingBody,
  deepBody,
  { arbitrary: hugeNumberBody, weight: 2 },
  fc.json({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.constant('x'.repeat(70_000)),
);
