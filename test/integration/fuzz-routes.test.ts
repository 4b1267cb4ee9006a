import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectBackstageErrorBody } from '../support/backstage-error-body.ts';
import { pollutingRequest, VALID_TASK_BODIES } from '../support/hostile-bodies.ts';
import { hostileDefinition, hostileRequest, toRequest, type HostileRequest } from '../support/hostile-requests.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { apiBase, postTaskAction, putTask, startPlugin } from '../support/scheduler-harness.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { readSchedulerState } from '../support/stored-state.ts';
import { callWorker, fetchWorker } from '../support/worker-fetch.ts';

/*
 * Requests go to the Worker's fetch handler directly (see worker-fetch.ts), so a thousand of
 * them take seconds. A failure prints fast-check's counterexample with its `seed` and `path`;
 * to replay it, pass them to the failing `fc.assert` as `{ ...FUZZ, seed, path, endOnFailure: true }`.
 */
sharedTestClock.freeze(FAR_FUTURE);

/** Runs per property: seconds each on an idle machine; the timeout allows for a loaded one. */
const FUZZ = { numRuns: 600, verbose: 1 } as const;
const FUZZ_TIMEOUT_MS = 60_000;

/** The plugins the requests aim at: one defined in code, one over the API, and ids that are neither. */
const API_PLUGIN = 'fuzz-api';
const STRANGERS = ['ghost-plugin', 'Not_A_Plugin', 'a'.repeat(300), '-'];
// Taken before any request: the plugin list wakes every code plugin, and one woken before it had
// tasks would keep none.
const CODE_PLUGIN = aPluginWith({
  manual: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } },
  hourly: { frequency: { hours: 1 }, timeout: { minutes: 1 } },
  'a:b/c': { frequency: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, timeout: { minutes: 1 } },
});

/**
 * Starts the code plugin and defines a task over the API with cancelled runs in its history, so
 * every stored table has rows, and no request in the property is the one that creates them.
 */
async function arrangeTargets() {
  await startPlugin(CODE_PLUGIN);
  await putTask(API_PLUGIN, 'api-task', VALID_TASK_BODIES[2]);
  for (let run = 0; run < 2; run++) {
    await postTaskAction(API_PLUGIN, 'api-task', 'trigger');
    await postTaskAction(API_PLUGIN, 'api-task', 'cancel');
  }
  return { pluginIds: [CODE_PLUGIN, API_PLUGIN], taskIds: ['manual', 'hourly', 'a:b/c', 'api-task'] };
}

async function send(generated: HostileRequest): Promise<{ request: Request; response: Response }> {
  const request = toRequest(generated);
  return { request, response: await fetchWorker(request) };
}

/** Asserts what every answer must be: below 500, and an error only in Backstage's body with its own status. */
async function expectCleanAnswer(request: Request, response: Response): Promise<void> {
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) await expectBackstageErrorBody(response, request);
  else await response.arrayBuffer();
}

describe('a hostile request', () => {
  it("to any route never gets a 5xx, and gets every error in Backstage's body with its own status", async () => {
    const { pluginIds, taskIds } = await arrangeTargets();

    await fc.assert(
      fc.asyncProperty(hostileRequest([...pluginIds, ...STRANGERS], taskIds), async (generated) => {
        const { request, response } = await send(generated);

        await expectCleanAnswer(request, response);
      }),
      FUZZ,
    );
  }, FUZZ_TIMEOUT_MS);

  it("through the pool's service binding (SELF) never gets a 5xx, and gets every error in Backstage's body", async () => {
    const { pluginIds, taskIds } = await arrangeTargets();

    await fc.assert(
      fc.asyncProperty(hostileRequest([...pluginIds, ...STRANGERS], taskIds), async (generated) => {
        const request = toRequest(generated);
        const response = await SELF.fetch(request.clone());

        await expectCleanAnswer(request, response);
      }),
      // Fewer runs: each request through SELF costs more than the one before it (see worker-fetch.ts).
      { ...FUZZ, numRuns: 100 },
    );
  }, FUZZ_TIMEOUT_MS);

  it("defining a task never gets a 5xx, and gets every error in Backstage's body with its own status", async () => {
    const { pluginIds, taskIds } = await arrangeTargets();

    await fc.assert(
      fc.asyncProperty(hostileDefinition([...pluginIds, ...STRANGERS], taskIds), async (generated) => {
        const { request, response } = await send(generated);

        await expectCleanAnswer(request, response);
      }),
      FUZZ,
    );
  }, FUZZ_TIMEOUT_MS);

  it('changes nothing stored when it is refused', async () => {
    const { pluginIds, taskIds } = await arrangeTargets();
    const targets = [...pluginIds, ...STRANGERS];

    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileRequest(targets, taskIds), hostileDefinition(targets, taskIds)), async (generated) => {
        const before = await readSchedulerState(pluginIds);

        const { response } = await send(generated);
        await response.arrayBuffer();

        if (response.status >= 400) expect(await readSchedulerState(pluginIds)).toEqual(before);
      }),
      { ...FUZZ, numRuns: 200 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('pollutes no prototype with __proto__, constructor or prototype keys', async () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);

    await fc.assert(
      fc.asyncProperty(pollutingRequest, async ({ taskId, body }) => {
        const response = await callWorker(`${apiBase(API_PLUGIN)}/tasks/${taskId}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body });
        await response.arrayBuffer();

        expect(response.status).toBeLessThan(500);
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { ...FUZZ, numRuns: 100 },
    );
  }, FUZZ_TIMEOUT_MS);
});
