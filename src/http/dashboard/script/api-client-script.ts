/**
 * The dashboard's API client, as browser JavaScript: the token in sessionStorage, authenticated
 * calls, and the snapshot of every plugin's tasks with their run history and cadence in words.
 * Written in a String.raw template: no backticks and no dollar-brace in the code.
 */
export const API_CLIENT_SCRIPT = String.raw`
const TOKEN_KEY = 'edge-scheduler.api-token';
const HISTORY_LENGTH = 30;

/** The API token, kept for this tab only. */
const tokenStore = {
  read: function () {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (error) { return null; }
  },
  write: function (token) { sessionStorage.setItem(TOKEN_KEY, token); },
  clear: function () {
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (error) { /* storage unavailable: nothing kept */ }
  },
};

/** The token was refused: the page asks for it again. */
class TokenRefusedError extends Error {}

function pluginBase(pluginId) {
  return '/api/' + encodeURIComponent(pluginId) + '/.backstage/scheduler/v1';
}

function taskPath(pluginId, taskId, suffix) {
  return pluginBase(pluginId) + '/tasks/' + encodeURIComponent(taskId) + (suffix || '');
}

/** Calls the API with the token; a 401 throws TokenRefusedError, any other answer is returned with its JSON body. */
async function callApi(path, method) {
  const response = await fetch(path, {
    method: method || 'GET',
    headers: { Authorization: 'Bearer ' + tokenStore.read(), Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
  });
  if (response.status === 401) throw new TokenRefusedError('The API refused the token.');
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (error) { body = null; }
  return { status: response.status, ok: response.ok, body: body };
}

/** Like callApi, but anything other than 2xx is an error. */
async function readApi(path) {
  const answer = await callApi(path);
  if (!answer.ok) {
    const message = answer.body && answer.body.error ? answer.body.error.message : 'status ' + answer.status;
    throw new Error('GET ' + path + ' failed: ' + message);
  }
  return answer.body;
}

/** Whether the scheduler answers; the health route needs no token. */
async function checkHealth() {
  try {
    const response = await fetch('/.backstage/scheduler/v1/health', { cache: 'no-store', credentials: 'omit' });
    return response.ok;
  } catch (error) {
    return false;
  }
}

/** The history of a task, or null where the API keeps none: a local task runs in each isolate, and no history is kept. */
async function loadRuns(pluginId, task) {
  if (task.scope === 'local') return null;
  const answer = await callApi(taskPath(pluginId, task.taskId, '/runs?limit=' + HISTORY_LENGTH));
  return answer.ok ? answer.body.runs : null;
}

/**
 * The cadence in words, from the preview route. Words change only with the settings, so they
 * are asked for once per cadence and kept in 'cache'. The route serves global tasks only; a
 * local task shows its raw cadence.
 */
async function loadCadenceWords(cache, pluginId, task) {
  const key = [pluginId, task.taskId, task.settings.cadence, task.settings.timeZone || ''].join('\n');
  if (task.scope === 'local') return task.settings.cadence;
  if (!cache.has(key)) {
    const answer = await callApi(taskPath(pluginId, task.taskId, '/next?count=1'));
    cache.set(key, answer.ok && answer.body.cadenceInWords ? answer.body.cadenceInWords : task.settings.cadence);
  }
  return cache.get(key);
}

/** Every plugin with its tasks, each with its recent runs and cadence in words, sorted by id. */
async function loadSnapshot(wordCache) {
  const byId = function (key) { return function (a, b) { return a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0; }; };
  const { plugins } = await readApi('/.backstage/scheduler/v1/plugins');
  return Promise.all(plugins.slice().sort(byId('pluginId')).map(async function (plugin) {
    const { tasks } = await readApi(pluginBase(plugin.pluginId) + '/tasks');
    const views = await Promise.all(tasks.slice().sort(byId('taskId')).map(async function (task) {
      const [runs, words] = await Promise.all([loadRuns(plugin.pluginId, task), loadCadenceWords(wordCache, plugin.pluginId, task)]);
      return { pluginId: plugin.pluginId, task: task, runs: runs, words: words };
    }));
    return { pluginId: plugin.pluginId, tasks: views };
  }));
}
`;
