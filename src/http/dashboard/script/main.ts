import { callApi, checkHealth, loadSnapshot, taskPath, tokenStore, TokenRefusedError } from './api-client.ts';
import type { PluginView, TaskAction, TaskView } from './dashboard-types.ts';
import { describeAnswer } from './format.ts';
import { ACTION_LABELS, createTaskCard, field, updateTaskCard, type TaskCard } from './task-card.ts';

// The dashboard's controller: it asks once for the token, refreshes the cards in place (every
// 2 s while a run is in flight, else every 5 s, paused in a hidden tab), and carries out
// confirmed actions, showing the API's answer.

const FAST_REFRESH_MS = 2000;
const SLOW_REFRESH_MS = 5000;
const REFUSED_TOKEN = 'The API refused that token. Enter one of the tokens in SCHEDULER_API_TOKENS.';

/** The page's element with this id; the page always has it. */
function byId<Element extends HTMLElement = HTMLElement>(id: string): Element {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The dashboard page has no #${id}`);
  return element as Element;
}

const ui = {
  signIn: byId('sign-in'),
  tokenForm: byId<HTMLFormElement>('token-form'),
  tokenInput: byId<HTMLInputElement>('token'),
  signInMessage: byId('sign-in-message'),
  toolbar: byId('toolbar'),
  refreshNow: byId('refresh-now'),
  forgetToken: byId('forget-token'),
  updated: byId('updated'),
  health: byId('health'),
  refreshError: byId('refresh-error'),
  plugins: byId('plugins'),
  empty: byId('empty'),
  dialog: byId<HTMLDialogElement>('confirm-dialog'),
  dialogTitle: byId('confirm-title'),
  dialogText: byId('confirm-text'),
  dialogConfirm: byId('confirm-button'),
  template: byId<HTMLTemplateElement>('task-card-template'),
};

const state = {
  views: [] as TaskView[],
  sections: new Map<string, HTMLElement>(),
  cards: new Map<string, TaskCard>(),
  words: new Map<string, string>(),
  timer: 0,
  isLoading: false,
  isStale: false,
};

function showSignIn(message: string): void {
  clearTimeout(state.timer);
  ui.signIn.hidden = false;
  ui.toolbar.hidden = true;
  ui.plugins.replaceChildren();
  ui.empty.hidden = true;
  ui.refreshError.hidden = true;
  state.sections.clear();
  state.cards.clear();
  state.views = [];
  ui.signInMessage.textContent = message;
  ui.tokenInput.focus();
}

function showDashboard(): void {
  ui.signIn.hidden = true;
  ui.toolbar.hidden = false;
  ui.signInMessage.textContent = '';
}

function scheduleRefresh(): void {
  clearTimeout(state.timer);
  if (document.hidden || !tokenStore.read()) return;
  const isBusy = state.views.some((view) => view.task.taskState.status === 'running');
  state.timer = window.setTimeout(refresh, isBusy ? FAST_REFRESH_MS : SLOW_REFRESH_MS);
}

/**
 * Loads a fresh snapshot and updates the page in place; a refused token sends the user back to
 * sign in. Asked while a load is in flight (say, right after an action), it loads again once that
 * one ends, since the load in flight may predate the action.
 */
async function refresh(): Promise<void> {
  if (state.isLoading) {
    state.isStale = true;
    return;
  }
  state.isLoading = true;
  state.isStale = false;
  clearTimeout(state.timer);
  void checkHealth().then((isAnswering) => {
    ui.health.textContent = isAnswering ? 'The scheduler answers.' : 'The scheduler does not answer.';
    ui.health.className = isAnswering ? 'health health-ok' : 'health health-down';
  });
  try {
    render(await loadSnapshot(state.words));
    ui.refreshError.hidden = true;
    ui.updated.textContent = `Updated ${new Date().toLocaleTimeString('en-GB')}.`;
  } catch (error) {
    if (error instanceof TokenRefusedError) {
      tokenStore.clear();
      showSignIn(REFUSED_TOKEN);
      return;
    }
    ui.refreshError.textContent = `Could not refresh: ${(error as Error).message} The page shows the last data it had.`;
    ui.refreshError.hidden = false;
  } finally {
    state.isLoading = false;
  }
  if (state.isStale) void refresh();
  else scheduleRefresh();
}

function sectionFor(pluginId: string): HTMLElement {
  let section = state.sections.get(pluginId);
  if (!section) {
    section = document.createElement('section');
    section.className = 'plugin';
    const heading = document.createElement('h2');
    heading.id = `plugin-${pluginId}`;
    heading.textContent = pluginId;
    section.setAttribute('aria-labelledby', heading.id);
    const list = document.createElement('div');
    list.className = 'task-list';
    section.append(heading, list);
    state.sections.set(pluginId, section);
  }
  return section;
}

/** Puts `children` into `parent` in order, moving only what is out of place so focus survives. */
function placeInOrder(parent: Element, children: Element[]): void {
  children.forEach((child, index) => {
    if (parent.children[index] !== child) parent.insertBefore(child, parent.children[index] ?? null);
  });
  while (parent.children.length > children.length) parent.lastElementChild!.remove();
}

function render(plugins: PluginView[]): void {
  const now = Date.now();
  state.views = plugins.flatMap((plugin) => plugin.tasks);
  const seen = new Set<string>();
  const sections = plugins.map((plugin) => {
    const section = sectionFor(plugin.pluginId);
    const cards = plugin.tasks.map((view) => {
      const key = `${view.pluginId}\n${view.task.taskId}`;
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
    placeInOrder(section.querySelector('.task-list')!, cards);
    return section;
  });
  for (const key of Array.from(state.cards.keys())) if (!seen.has(key)) state.cards.delete(key);
  for (const pluginId of Array.from(state.sections.keys())) {
    if (!plugins.some((plugin) => plugin.pluginId === pluginId)) state.sections.delete(pluginId);
  }
  placeInOrder(ui.plugins, sections);
  ui.empty.hidden = sections.length > 0;
}

const CONFIRMATIONS: Record<TaskAction, (taskId: string) => string> = {
  trigger: (taskId) => `Start a run of ${taskId} now?`,
  cancel: (taskId) => `Cancel the running run of ${taskId}? Its signal is aborted; the next run follows the cadence.`,
  pause: (taskId) => `Pause ${taskId}? It will not start on its own until resumed, but can still be triggered.`,
  resume: (taskId) => `Resume ${taskId}? Runs missed while paused are not made up.`,
};

/** Asks for confirmation in the modal dialog; Escape or "Go back" declines. */
function confirmAction(action: TaskAction, taskId: string): Promise<boolean> {
  ui.dialogTitle.textContent = `${ACTION_LABELS[action]} ${taskId}`;
  ui.dialogText.textContent = CONFIRMATIONS[action](taskId);
  ui.dialogConfirm.textContent = ACTION_LABELS[action];
  ui.dialog.returnValue = '';
  return new Promise((resolve) => {
    ui.dialog.addEventListener('close', () => resolve(ui.dialog.returnValue === 'confirm'), { once: true });
    ui.dialog.showModal();
  });
}

async function performAction(button: HTMLButtonElement): Promise<void> {
  const card = button.closest<HTMLElement>('.task')!;
  const action = button.dataset.action as TaskAction;
  const pluginId = card.dataset.pluginId!;
  const taskId = card.dataset.taskId!;
  const isConfirmed = await confirmAction(action, taskId);
  button.focus();
  if (!isConfirmed) return;
  const answerLine = field(card, 'answer');
  answerLine.textContent = `${ACTION_LABELS[action]}: waiting for the API…`;
  try {
    const answer = await callApi(taskPath(pluginId, taskId, `/${action}`), 'POST');
    answerLine.textContent = `${new Date().toLocaleTimeString('en-GB')}: ${describeAnswer(action, answer.status, answer.body)}`;
    answerLine.className = `answer ${answer.ok ? 'answer-ok' : 'answer-refused'}`;
  } catch (error) {
    if (error instanceof TokenRefusedError) {
      tokenStore.clear();
      showSignIn(REFUSED_TOKEN);
      return;
    }
    answerLine.textContent = `The request failed: ${(error as Error).message}`;
    answerLine.className = 'answer answer-refused';
  }
  void refresh();
}

ui.tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = ui.tokenInput.value.trim();
  if (!token) return;
  tokenStore.write(token);
  ui.tokenInput.value = '';
  showDashboard();
  void refresh();
});

ui.plugins.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
  if (button) void performAction(button);
});

ui.refreshNow.addEventListener('click', () => void refresh());

ui.forgetToken.addEventListener('click', () => {
  tokenStore.clear();
  showSignIn('The token was forgotten.');
});

document.addEventListener('visibilitychange', () => {
  if (document.hidden) clearTimeout(state.timer);
  else if (tokenStore.read()) void refresh();
});

// Relative times and elapsed run times move every second without asking the API.
setInterval(() => {
  const now = Date.now();
  for (const card of state.cards.values()) if (card.view) updateTaskCard(card, card.view, now);
}, 1000);

if (tokenStore.read()) {
  showDashboard();
  void refresh();
} else {
  showSignIn('');
}
