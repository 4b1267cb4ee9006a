import type { DashboardTask, RunRecord, TaskAction, TaskView } from './dashboard-types.ts';
import {
  capitalize, describeBadges, describeError, describeExtraSettings, describeOverride, describeRun, describeStatus, formatDuration, formatInstant,
  formatIsoDuration, formatLateness, formatRelative, measureRun, summarizeRuns,
} from './format.ts';

// A card is cloned once from the page's template and then updated in place, so a refresh keeps
// focus and scroll position. Text goes in through textContent only: the page's CSP requires
// Trusted Types, which would refuse HTML.

/** The words on each action's button. */
export const ACTION_LABELS: Record<TaskAction, string> = { trigger: 'Trigger', cancel: 'Cancel run', pause: 'Pause', resume: 'Resume' };

/** A task's card, with the view it last showed (the one-second tick redraws from it). */
export type TaskCard = HTMLElement & { view?: TaskView };

// A counter, not the task id, names each card's title: task ids may hold any character, and two could clean up alike.
let cardCount = 0;

/** The card's element marked `data-field="<name>"`; the template has every one of them. */
export function field<Element extends HTMLElement = HTMLElement>(card: HTMLElement, name: string): Element {
  const element = card.querySelector<Element>(`[data-field="${name}"]`);
  if (!element) throw new Error(`The task card template has no ${name} field`);
  return element;
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Clones the card template for one task, and labels the card and its controls with the task's id. */
export function createTaskCard(template: HTMLTemplateElement, pluginId: string, taskId: string): TaskCard {
  const card = template.content.firstElementChild!.cloneNode(true) as TaskCard;
  const titleId = `task-title-${++cardCount}`;
  card.dataset.pluginId = pluginId;
  card.dataset.taskId = taskId;
  card.setAttribute('aria-labelledby', titleId);
  // The card is named by the task id alone, not by the scope note beside it.
  const title = field(card, 'title');
  title.id = titleId;
  title.textContent = taskId;
  field(card, 'actions').setAttribute('aria-label', `Actions for ${taskId}`);
  return card;
}

/** Brings a card up to date with a task's view; `now` moves the relative times. */
export function updateTaskCard(card: TaskCard, view: TaskView, now: number): void {
  const task = view.task;
  const state = task.taskState;
  const zone = task.settings.timeZone || 'UTC';
  const status = describeStatus(task);
  const badge = field(card, 'status');
  setText(badge, status + (status === 'running' && state.paused ? ' (paused)' : ''));
  badge.className = `status status-${status.replace(' ', '-')}`;
  const badges = describeBadges(task);
  field(card, 'stale').hidden = !badges.includes('stale');
  const overridden = field(card, 'overridden');
  overridden.hidden = !task.override;
  overridden.title = task.override ? describeOverride(task.override) : '';

  field(card, 'scope').hidden = task.scope !== 'local';
  setText(field(card, 'cadence-words'), view.words);
  const raw = task.settings.cadence + (task.settings.timeZone ? ` ${task.settings.timeZone}` : '');
  setText(field(card, 'cadence-raw'), raw);
  field(card, 'cadence-raw').hidden = view.words === task.settings.cadence;
  updatePolicies(card, task);

  setText(field(card, 'next'), describeNextRun(task, now, zone));
  setText(field(card, 'current'), describeCurrentRun(task, now));
  updateLastRun(card, view, now);
  updateHistory(card, view.runs);

  const toggle = card.querySelector<HTMLButtonElement>('[data-action="pause"], [data-action="resume"]')!;
  const nextToggle: TaskAction = state.paused ? 'resume' : 'pause';
  if (toggle.dataset.action !== nextToggle) {
    toggle.dataset.action = nextToggle;
    toggle.textContent = ACTION_LABELS[nextToggle];
  }
  for (const button of card.querySelectorAll<HTMLButtonElement>('[data-action]')) {
    button.setAttribute('aria-label', `${ACTION_LABELS[button.dataset.action as TaskAction]} ${task.taskId}`);
  }
}

/** The settings beyond Backstage's (the schedule policies), one line each; the row hides when there are none. */
function updatePolicies(card: TaskCard, task: DashboardTask): void {
  const lines = describeExtraSettings(task.settings);
  const list = field(card, 'policies');
  field(card, 'policies-row').hidden = lines.length === 0;
  const key = lines.join('\n');
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(
    ...lines.map((line) => {
      const item = document.createElement('li');
      item.textContent = line;
      return item;
    }),
  );
}

function describeNextRun(task: DashboardTask, now: number, zone: string): string {
  const state = task.taskState;
  if (state.paused) return 'None while paused; a trigger still runs it.';
  if (state.status === 'running') return 'After this run ends, by its cadence.';
  if (!state.startsAt) return task.settings.cadence === 'manual' ? 'Only when triggered.' : 'Not scheduled.';
  const wait = task.workerState.status === 'initial-wait' ? ' (after its initial wait)' : '';
  return `${formatInstant(state.startsAt, zone)}, ${formatRelative(Date.parse(state.startsAt), now)}${wait}`;
}

function describeCurrentRun(task: DashboardTask, now: number): string {
  const state = task.taskState;
  if (state.status !== 'running') return 'Not running.';
  return `Running for ${formatDuration(now - Date.parse(state.startedAt))} of its ${formatIsoDuration(task.settings.timeoutAfterDuration)} ` +
    `timeout (times out ${formatRelative(Date.parse(state.timesOutAt), now)}).`;
}

function updateLastRun(card: TaskCard, view: TaskView, now: number): void {
  const state = view.task.taskState;
  const last = view.runs?.[0];
  let text = 'Never ran.';
  let error = describeError(state.lastRunError);
  if (last) {
    const measured = measureRun(last);
    text = `${capitalize(last.outcome)} ${formatRelative(measured.endedAt, now)}, took ${formatDuration(measured.durationMs)}, ` +
      `started ${formatLateness(measured.latenessMs)}.`;
    error = describeError(last.error);
  } else if (state.lastRunEndedAt) {
    text = `${state.lastRunError ? 'Failed' : 'Succeeded'} ${formatRelative(Date.parse(state.lastRunEndedAt), now)}.`;
  }
  setText(field(card, 'last'), text);
  const errorLine = field(card, 'last-error');
  setText(errorLine, error);
  errorLine.hidden = error === '';
}

/** Redraws the strip only when the history changed: one bar per run, oldest on the left, taller for longer runs. */
function updateHistory(card: TaskCard, runs: RunRecord[] | null): void {
  const strip = field(card, 'strip');
  const summary = field(card, 'history-summary');
  if (runs === null) {
    strip.replaceChildren();
    setText(summary, 'No history is kept for this task.');
    return;
  }
  const key = runs.map((run) => run.ticket).join();
  if (strip.dataset.key === key) return;
  strip.dataset.key = key;
  strip.replaceChildren(
    ...runs.slice().reverse().map((run) => {
      const item = document.createElement('li');
      item.className = `run run-${run.outcome}`;
      item.style.height = `${Math.round(8 + Math.min(24, 4 * Math.log2(1 + measureRun(run).durationMs / 100)))}px`;
      const text = describeRun(run);
      item.title = text;
      const label = document.createElement('span');
      label.className = 'visually-hidden';
      label.textContent = text;
      item.append(label);
      return item;
    }),
  );
  setText(summary, summarizeRuns(runs));
}
