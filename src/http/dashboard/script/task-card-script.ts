/**
 * The dashboard's task card, as browser JavaScript: a card is cloned once from the page's
 * template and then updated in place, so a refresh keeps focus and scroll position. Text goes in
 * through textContent only; the page's CSP requires Trusted Types, which would refuse HTML.
 * Written in a String.raw template: no backticks and no dollar-brace in the code.
 */
export const TASK_CARD_SCRIPT = String.raw`
const ACTION_LABELS = { trigger: 'Trigger', cancel: 'Cancel run', pause: 'Pause', resume: 'Resume' };

/** Clones the card template for one task, and labels the card and its controls with the task's id. */
function createTaskCard(template, pluginId, taskId) {
  const card = template.content.firstElementChild.cloneNode(true);
  // A counter, not the id: task ids may hold any character, and two could clean up alike.
  const titleId = 'task-title-' + (++createTaskCard.count);
  card.dataset.pluginId = pluginId;
  card.dataset.taskId = taskId;
  card.setAttribute('aria-labelledby', titleId);
  // The card is named by the task id alone, not by the scope note beside it.
  const title = field(card, 'title');
  title.id = titleId;
  title.textContent = taskId;
  field(card, 'actions').setAttribute('aria-label', 'Actions for ' + taskId);
  return card;
}

createTaskCard.count = 0;

function field(card, name) {
  return card.querySelector('[data-field="' + name + '"]');
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** Brings a card up to date with a task's view; 'now' moves the relative times. */
function updateTaskCard(card, view, now) {
  const task = view.task;
  const state = task.taskState;
  const zone = task.settings.timeZone || 'UTC';
  const status = describeStatus(task);
  const badge = field(card, 'status');
  setText(badge, status + (status === 'running' && state.paused ? ' (paused)' : ''));
  badge.className = 'status status-' + status.replace(' ', '-');

  field(card, 'scope').hidden = task.scope !== 'local';
  setText(field(card, 'cadence-words'), view.words);
  const raw = task.settings.cadence + (task.settings.timeZone ? ' ' + task.settings.timeZone : '');
  setText(field(card, 'cadence-raw'), raw);
  field(card, 'cadence-raw').hidden = view.words === task.settings.cadence;

  setText(field(card, 'next'), describeNextRun(task, now, zone));
  setText(field(card, 'current'), describeCurrentRun(task, now));
  updateLastRun(card, view, now);
  updateHistory(card, view.runs);

  const toggle = card.querySelector('[data-action="pause"], [data-action="resume"]');
  const nextToggle = state.paused ? 'resume' : 'pause';
  if (toggle.dataset.action !== nextToggle) {
    toggle.dataset.action = nextToggle;
    toggle.textContent = ACTION_LABELS[nextToggle];
  }
  for (const button of card.querySelectorAll('[data-action]')) {
    button.setAttribute('aria-label', ACTION_LABELS[button.dataset.action] + ' ' + task.taskId);
  }
}

function describeNextRun(task, now, zone) {
  const state = task.taskState;
  if (state.paused) return 'None while paused; a trigger still runs it.';
  if (state.status === 'running') return 'After this run ends, by its cadence.';
  if (!state.startsAt) return task.settings.cadence === 'manual' ? 'Only when triggered.' : 'Not scheduled.';
  const wait = task.workerState && task.workerState.status === 'initial-wait' ? ' (after its initial wait)' : '';
  return formatInstant(state.startsAt, zone) + ', ' + formatRelative(Date.parse(state.startsAt), now) + wait;
}

function describeCurrentRun(task, now) {
  const state = task.taskState;
  if (state.status !== 'running') return 'Not running.';
  const startedAt = Date.parse(state.startedAt);
  const timesOutAt = Date.parse(state.timesOutAt);
  return 'Running for ' + formatDuration(now - startedAt) + ' of its ' + formatIsoDuration(task.settings.timeoutAfterDuration) +
    ' timeout (times out ' + formatRelative(timesOutAt, now) + ').';
}

function updateLastRun(card, view, now) {
  const state = view.task.taskState;
  const last = view.runs && view.runs.length > 0 ? view.runs[0] : null;
  let text = 'Never ran.';
  let error = state.lastRunError ? describeError(state.lastRunError) : '';
  if (last) {
    const measured = measureRun(last);
    text = capitalize(last.outcome) + ' ' + formatRelative(measured.endedAt, now) + ', took ' + formatDuration(measured.durationMs) +
      ', started ' + formatLateness(measured.latenessMs) + '.';
    error = last.error ? describeError(last.error) : '';
  } else if (state.lastRunEndedAt) {
    text = (state.lastRunError ? 'Failed ' : 'Succeeded ') + formatRelative(Date.parse(state.lastRunEndedAt), now) + '.';
  }
  setText(field(card, 'last'), text);
  const errorLine = field(card, 'last-error');
  setText(errorLine, error);
  errorLine.hidden = error === '';
}

/** Redraws the strip only when the history changed: one bar per run, oldest on the left, taller for longer runs. */
function updateHistory(card, runs) {
  const strip = field(card, 'strip');
  const summary = field(card, 'history-summary');
  if (runs === null) {
    strip.replaceChildren();
    setText(summary, 'No history is kept for this task.');
    return;
  }
  const key = runs.map(function (run) { return run.ticket; }).join();
  if (strip.dataset.key === key) return;
  strip.dataset.key = key;
  strip.replaceChildren.apply(strip, runs.slice().reverse().map(function (run) {
    const measured = measureRun(run);
    const item = document.createElement('li');
    item.className = 'run run-' + run.outcome;
    item.style.height = Math.round(8 + Math.min(24, 4 * Math.log2(1 + measured.durationMs / 100))) + 'px';
    const text = capitalize(run.outcome) + ' by ' + run.trigger + ', ' + formatInstant(run.startedAt, 'UTC') + ', ' +
      formatLateness(measured.latenessMs) + ', took ' + formatDuration(measured.durationMs) + (run.error ? ': ' + describeError(run.error) : '');
    item.title = text;
    const label = document.createElement('span');
    label.className = 'visually-hidden';
    label.textContent = text;
    item.append(label);
    return item;
  }));
  setText(summary, summarizeRuns(runs));
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
`;
