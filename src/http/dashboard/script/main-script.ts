/**
 * The dashboard's controller, as browser JavaScript: it asks once for the token, refreshes the
 * cards in place (every 2 s while a run is in flight, else every 5 s, paused in a hidden tab),
 * and carries out confirmed actions, showing the API's answer. Written in a String.raw
 * template: no backticks and no dollar-brace in the code.
 */
export const MAIN_SCRIPT = String.raw`
const FAST_REFRESH_MS = 2000;
const SLOW_REFRESH_MS = 5000;

const ui = {
  signIn: document.getElementById('sign-in'),
  tokenForm: document.getElementById('token-form'),
  tokenInput: document.getElementById('token'),
  signInMessage: document.getElementById('sign-in-message'),
  toolbar: document.getElementById('toolbar'),
  refreshNow: document.getElementById('refresh-now'),
  forgetToken: document.getElementById('forget-token'),
  updated: document.getElementById('updated'),
  health: document.getElementById('health'),
  refreshError: document.getElementById('refresh-error'),
  plugins: document.getElementById('plugins'),
  empty: document.getElementById('empty'),
  dialog: document.getElementById('confirm-dialog'),
  dialogTitle: document.getElementById('confirm-title'),
  dialogText: document.getElementById('confirm-text'),
  dialogConfirm: document.getElementById('confirm-button'),
  template: document.getElementById('task-card-template'),
};

const state = { views: [], sections: new Map(), cards: new Map(), words: new Map(), timer: 0, isLoading: false, isStale: false };

function showSignIn(message) {
  clearTimeout(state.timer);
  ui.signIn.hidden = false;
  ui.toolbar.hidden = true;
  ui.plugins.replaceChildren();
  ui.empty.hidden = true;
  ui.refreshError.hidden = true;
  state.sections.clear();
  state.cards.clear();
  state.views = [];
  ui.signInMessage.textContent = message || '';
  ui.tokenInput.focus();
}

function showDashboard() {
  ui.signIn.hidden = true;
  ui.toolbar.hidden = false;
  ui.signInMessage.textContent = '';
}

function scheduleRefresh() {
  clearTimeout(state.timer);
  if (document.hidden || !tokenStore.read()) return;
  const isBusy = state.views.some(function (view) { return view.task.taskState.status === 'running'; });
  state.timer = setTimeout(refresh, isBusy ? FAST_REFRESH_MS : SLOW_REFRESH_MS);
}

/**
 * Loads a fresh snapshot and updates the page in place; a refused token sends the user back to
 * sign in. Asked while a load is in flight (say, right after an action), it loads again once that
 * one ends, since the load in flight may predate the action.
 */
async function refresh() {
  if (state.isLoading) {
    state.isStale = true;
    return;
  }
  state.isLoading = true;
  state.isStale = false;
  clearTimeout(state.timer);
  checkHealth().then(function (isAnswering) {
    ui.health.textContent = isAnswering ? 'The scheduler answers.' : 'The scheduler does not answer.';
    ui.health.className = isAnswering ? 'health health-ok' : 'health health-down';
  });
  try {
    const plugins = await loadSnapshot(state.words);
    render(plugins);
    ui.refreshError.hidden = true;
    ui.updated.textContent = 'Updated ' + new Date().toLocaleTimeString('en-GB') + '.';
  } catch (error) {
    if (error instanceof TokenRefusedError) {
      tokenStore.clear();
      showSignIn('The API refused that token. Enter one of the tokens in SCHEDULER_API_TOKENS.');
      return;
    }
    ui.refreshError.textContent = 'Could not refresh: ' + error.message + ' The page shows the last data it had.';
    ui.refreshError.hidden = false;
  } finally {
    state.isLoading = false;
  }
  if (state.isStale) refresh();
  else scheduleRefresh();
}

function sectionFor(pluginId) {
  let section = state.sections.get(pluginId);
  if (!section) {
    section = document.createElement('section');
    section.className = 'plugin';
    const heading = document.createElement('h2');
    heading.id = 'plugin-' + pluginId;
    heading.textContent = pluginId;
    section.setAttribute('aria-labelledby', heading.id);
    const list = document.createElement('div');
    list.className = 'task-list';
    section.append(heading, list);
    state.sections.set(pluginId, section);
  }
  return section;
}

/** Puts 'children' into 'parent' in order, moving only what is out of place so focus survives. */
function placeInOrder(parent, children) {
  children.forEach(function (child, index) {
    if (parent.children[index] !== child) parent.insertBefore(child, parent.children[index] || null);
  });
  while (parent.children.length > children.length) parent.lastElementChild.remove();
}

function render(plugins) {
  const now = Date.now();
  state.views = plugins.flatMap(function (plugin) { return plugin.tasks; });
  const seen = new Set();
  const sections = plugins.map(function (plugin) {
    const section = sectionFor(plugin.pluginId);
    const cards = plugin.tasks.map(function (view) {
      const key = view.pluginId + '\n' + view.task.taskId;
      seen.add(key);
      let card = state.cards.get(key);
      if (!card) {
        card = createTaskCard(ui.template, view.pluginId, view.task.taskId);
        state.cards.set(key, card);
      }
      card.view = view;
      updateTaskCard(card, view, now);
      return card;
    });
    placeInOrder(section.querySelector('.task-list'), cards);
    return section;
  });
  for (const key of Array.from(state.cards.keys())) if (!seen.has(key)) state.cards.delete(key);
  for (const pluginId of Array.from(state.sections.keys())) {
    if (!plugins.some(function (plugin) { return plugin.pluginId === pluginId; })) state.sections.delete(pluginId);
  }
  placeInOrder(ui.plugins, sections);
  ui.empty.hidden = sections.length > 0;
}

const CONFIRMATIONS = {
  trigger: function (taskId) { return 'Start a run of ' + taskId + ' now?'; },
  cancel: function (taskId) { return 'Cancel the running run of ' + taskId + '? Its signal is aborted; the next run follows the cadence.'; },
  pause: function (taskId) { return 'Pause ' + taskId + '? It will not start on its own until resumed, but can still be triggered.'; },
  resume: function (taskId) { return 'Resume ' + taskId + '? Runs missed while paused are not made up.'; },
};

/** Asks for confirmation in the modal dialog; Escape or "Go back" declines. */
function confirmAction(action, taskId) {
  ui.dialogTitle.textContent = ACTION_LABELS[action] + ' ' + taskId;
  ui.dialogText.textContent = CONFIRMATIONS[action](taskId);
  ui.dialogConfirm.textContent = ACTION_LABELS[action];
  ui.dialog.returnValue = '';
  return new Promise(function (resolve) {
    ui.dialog.addEventListener('close', function () { resolve(ui.dialog.returnValue === 'confirm'); }, { once: true });
    ui.dialog.showModal();
  });
}

async function performAction(button) {
  const card = button.closest('.task');
  const action = button.dataset.action;
  const pluginId = card.dataset.pluginId;
  const taskId = card.dataset.taskId;
  const isConfirmed = await confirmAction(action, taskId);
  button.focus();
  if (!isConfirmed) return;
  const answerLine = field(card, 'answer');
  answerLine.textContent = ACTION_LABELS[action] + ': waiting for the API…';
  try {
    const answer = await callApi(taskPath(pluginId, taskId, '/' + action), 'POST');
    answerLine.textContent = new Date().toLocaleTimeString('en-GB') + ': ' + describeAnswer(action, answer.status, answer.body);
    answerLine.className = 'answer ' + (answer.ok ? 'answer-ok' : 'answer-refused');
  } catch (error) {
    if (error instanceof TokenRefusedError) {
      tokenStore.clear();
      showSignIn('The API refused that token. Enter one of the tokens in SCHEDULER_API_TOKENS.');
      return;
    }
    answerLine.textContent = 'The request failed: ' + error.message;
    answerLine.className = 'answer answer-refused';
  }
  refresh();
}

ui.tokenForm.addEventListener('submit', function (event) {
  event.preventDefault();
  const token = ui.tokenInput.value.trim();
  if (!token) return;
  tokenStore.write(token);
  ui.tokenInput.value = '';
  showDashboard();
  refresh();
});

ui.plugins.addEventListener('click', function (event) {
  const button = event.target.closest('button[data-action]');
  if (button) performAction(button);
});

ui.refreshNow.addEventListener('click', function () { refresh(); });

ui.forgetToken.addEventListener('click', function () {
  tokenStore.clear();
  showSignIn('The token was forgotten.');
});

document.addEventListener('visibilitychange', function () {
  if (document.hidden) clearTimeout(state.timer);
  else if (tokenStore.read()) refresh();
});

// Relative times and elapsed run times move every second without asking the API.
setInterval(function () {
  const now = Date.now();
  for (const card of state.cards.values()) if (card.view) updateTaskCard(card, card.view, now);
}, 1000);

if (tokenStore.read()) {
  showDashboard();
  refresh();
} else {
  showSignIn('');
}
`;
