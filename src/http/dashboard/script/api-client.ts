import type { NextRunsResponse, PluginsResponse, RunsResponse, TasksResponse } from '../../schemas.ts';
import type { ApiErrorBody, DashboardTask, PluginView, RunRecord, TaskView } from './dashboard-types.ts';

const TOKEN_KEY = 'edge-scheduler.api-token';
const HISTORY_LENGTH = 30;

/** The API token, kept for this tab only. */
export const tokenStore = {
  read(): string | null {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  write(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // Storage unavailable: nothing was kept.
    }
  },
};

/** The token was refused: the page asks for it again. */
export class TokenRefusedError extends Error {}

/** An answer of the API: its status, and its JSON body (null when it had none or it was not JSON). */
export interface ApiAnswer<Body> {
  status: number;
  ok: boolean;
  body: Body | null;
}

function pluginBase(pluginId: string): string {
  return `/api/${encodeURIComponent(pluginId)}/.backstage/scheduler/v1`;
}

/** The path of a task's route, below its plugin's mount. */
export function taskPath(pluginId: string, taskId: string, suffix = ''): string {
  return `${pluginBase(pluginId)}/tasks/${encodeURIComponent(taskId)}${suffix}`;
}

/** Calls the API with the token; a 401 throws TokenRefusedError, any other answer is returned with its JSON body. */
export async function callApi<Body>(path: string, method = 'GET'): Promise<ApiAnswer<Body & ApiErrorBody>> {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${tokenStore.read()}`, Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
  });
  if (response.status === 401) throw new TokenRefusedError('The API refused the token.');
  const text = await response.text();
  let body: (Body & ApiErrorBody) | null = null;
  try {
    body = text ? (JSON.parse(text) as Body & ApiErrorBody) : null;
  } catch {
    body = null;
  }
  return { status: response.status, ok: response.ok, body };
}

/** Like callApi, but anything other than 2xx is an error. */
async function readApi<Body>(path: string): Promise<Body> {
  const answer = await callApi<Body>(path);
  if (!answer.ok || !answer.body) {
    const message = answer.body?.error ? answer.body.error.message : `status ${answer.status}`;
    throw new Error(`GET ${path} failed: ${message}`);
  }
  return answer.body;
}

/** Whether the scheduler answers; the health route needs no token. */
export async function checkHealth(): Promise<boolean> {
  try {
    const response = await fetch('/.backstage/scheduler/v1/health', { cache: 'no-store', credentials: 'omit' });
    return response.ok;
  } catch {
    return false;
  }
}

/** The history of a task, or null where the API keeps none: a local task runs in each isolate, and no history is kept. */
async function loadRuns(pluginId: string, task: DashboardTask): Promise<RunRecord[] | null> {
  if (task.scope === 'local') return null;
  const answer = await callApi<RunsResponse>(taskPath(pluginId, task.taskId, `/runs?limit=${HISTORY_LENGTH}`));
  return answer.ok && answer.body ? answer.body.runs : null;
}

/**
 * The cadence in words, from the preview route. Words change only with the settings, so they
 * are asked for once per cadence and kept in `cache`. The route serves global tasks only; a
 * local task shows its raw cadence.
 */
async function loadCadenceWords(cache: Map<string, string>, pluginId: string, task: DashboardTask): Promise<string> {
  if (task.scope === 'local') return task.settings.cadence;
  const key = [pluginId, task.taskId, task.settings.cadence, task.settings.timeZone ?? ''].join('\n');
  let words = cache.get(key);
  if (words === undefined) {
    const answer = await callApi<NextRunsResponse>(taskPath(pluginId, task.taskId, '/next?count=1'));
    words = answer.ok && answer.body?.cadenceInWords ? answer.body.cadenceInWords : task.settings.cadence;
    cache.set(key, words);
  }
  return words;
}

function byKey<Key extends string>(key: Key) {
  return (a: Record<Key, string>, b: Record<Key, string>) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);
}

/** Every plugin with its tasks, each with its recent runs and cadence in words, sorted by id. */
export async function loadSnapshot(wordCache: Map<string, string>): Promise<PluginView[]> {
  const { plugins } = await readApi<PluginsResponse>('/.backstage/scheduler/v1/plugins');
  return Promise.all(
    plugins.slice().sort(byKey('pluginId')).map(async (plugin): Promise<PluginView> => {
      const { tasks } = await readApi<TasksResponse>(`${pluginBase(plugin.pluginId)}/tasks`);
      const views = await Promise.all(
        (tasks as DashboardTask[]).slice().sort(byKey('taskId')).map(async (task): Promise<TaskView> => {
          const [runs, words] = await Promise.all([loadRuns(plugin.pluginId, task), loadCadenceWords(wordCache, plugin.pluginId, task)]);
          return { pluginId: plugin.pluginId, task, runs, words };
        }),
      );
      return { pluginId: plugin.pluginId, tasks: views };
    }),
  );
}
