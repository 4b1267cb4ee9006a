// Runs the core's vitest-style tests under `deno test` (test/deno/deno.json maps `vitest` here).
// describe, it, it.each and the hooks become Deno.test cases; expect and vi.spyOn are vitest's
// own (@vitest/expect over chai, and @vitest/spy), loaded from node_modules, so every matcher
// behaves exactly as under vitest. Deno runs each test file in its own isolate, so the hooks
// registered at a file's top level stay with that file.
import * as chai from 'chai';
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend, setState, type ExpectStatic } from '@vitest/expect';
import { fn, restoreAllMocks, spyOn } from '@vitest/spy';

declare const Deno: { test(name: string, fn: () => Promise<void>): void };

type Hook = () => unknown;
type TestFn = (...args: never[]) => unknown;

interface Suite {
  name: string;
  beforeEach: Hook[];
  afterEach: Hook[];
}

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

/** vitest's `expect`: chai's, with the Jest matchers vitest adds. */
export const expect = ((value: unknown, message?: string) => chai.expect(value, message)) as unknown as ExpectStatic;
Object.assign(expect, chai.expect);
setState(
  { assertionCalls: 0, isExpectingAssertions: false, isExpectingAssertionsError: null, expectedAssertionsNumber: null, expectedAssertionsNumberErrorGen: null },
  expect,
);

/** vitest's `vi`, as far as the core's tests use it. */
export const vi = { fn, spyOn, restoreAllMocks };

const suites: Suite[] = [{ name: '', beforeEach: [], afterEach: [] }];

/** Groups tests under a name, as vitest's `describe` does. */
export function describe(name: string, body: () => void): void {
  suites.push({ name, beforeEach: [], afterEach: [] });
  try {
    body();
  } finally {
    suites.pop();
  }
}

/** Registers a hook that runs before each test of the current group and the groups inside it. */
export function beforeEach(hook: Hook): void {
  suites.at(-1)!.beforeEach.push(hook);
}

/** Registers a hook that runs after each test of the current group and the groups inside it. */
export function afterEach(hook: Hook): void {
  suites.at(-1)!.afterEach.push(hook);
}

function register(name: string, body: () => unknown): void {
  const enclosing = [...suites];
  const fullName = [...enclosing.map((suite) => suite.name).filter(Boolean), name].join(' > ');
  Deno.test(fullName, async () => {
    for (const suite of enclosing) for (const hook of suite.beforeEach) await hook();
    try {
      await body();
    } finally {
      for (const suite of [...enclosing].reverse()) for (const hook of suite.afterEach) await hook();
    }
  });
}

/** Formats an `it.each` name as vitest does: printf-style `%s`, `%o`, `%i`, `%d`, `%j`, and `$key` of an object case. */
function formatName(template: string, args: readonly unknown[]): string {
  const [first] = args;
  if (args.length === 1 && typeof first === 'object' && first !== null && /\$\w/.test(template)) {
    return template.replace(/\$(\w+)/g, (_, key: string) => String((first as Record<string, unknown>)[key]));
  }
  let index = 0;
  return template.replace(/%[sodijf%]/g, (token) => {
    if (token === '%%') return '%';
    const value = args[index++];
    return token === '%s' || token === '%d' || token === '%i' || token === '%f' ? String(value) : JSON.stringify(value);
  });
}

/** Registers a test, as vitest's `it` does; `it.each(cases)` registers one per case. */
export const it = Object.assign((name: string, body: () => unknown) => register(name, body), {
  each:
    (cases: readonly unknown[]) =>
    (name: string, body: TestFn): void => {
      for (const testCase of cases) {
        const args = Array.isArray(testCase) ? testCase : [testCase];
        register(formatName(name, args), () => (body as (...args: unknown[]) => unknown)(...args));
      }
    },
});
