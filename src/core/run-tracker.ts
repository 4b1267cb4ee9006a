import { serializeError } from './serialize-error.ts';
import type { TaskFunction } from './task-host.ts';

/** The reason a finished run's signal is aborted with: one object, as an Error captures a stack when made. */
const RUN_FINISHED = new Error('Task run finished');

/**
 * The runs executing in this isolate or process, by ticket. A run outlives the alarm, request or
 * timer that started it; its promise settles later and reports through `onSettled`. The Durable
 * Object, the in-process scheduler and the local task worker share it.
 */
export class RunTracker {
  readonly #controllers = new Map<string, AbortController>();
  /** Kept beside the controllers rather than copied from them: it is read at every re-arm. */
  readonly #liveTickets = new Set<string>();

  /** Tickets of the runs still executing here: a live view, which changes as runs start and end. */
  get liveTickets(): ReadonlySet<string> {
    return this.#liveTickets;
  }

  /**
   * Starts `fn` without awaiting it. `onSettled` gets the serialised error, or null on success.
   * A synchronous throw counts as a failure, like a rejection.
   */
  start(ticket: string, fn: TaskFunction, onSettled: (error: string | null, cause: unknown) => void): void {
    const controller = new AbortController();
    this.#controllers.set(ticket, controller);
    this.#liveTickets.add(ticket);
    const settle = (error: string | null, cause: unknown) => {
      this.#forget(ticket);
      // Backstage aborts the signal after the run too, so listeners the task added are released.
      controller.abort(RUN_FINISHED);
      onSettled(error, cause);
    };
    Promise.resolve()
      .then(() => fn(controller.signal))
      .then(
        () => settle(null, undefined),
        (cause: unknown) => settle(serializeError(cause), cause),
      );
  }

  /**
   * Aborts a run's signal. The run stops counting as live at once: its lease is already gone,
   * and a task that ignores the signal must not keep the object awake for ever.
   */
  abort(ticket: string, reason: string): void {
    this.#controllers.get(ticket)?.abort(new Error(reason));
    this.#forget(ticket);
  }

  #forget(ticket: string): void {
    this.#controllers.delete(ticket);
    this.#liveTickets.delete(ticket);
  }
}
