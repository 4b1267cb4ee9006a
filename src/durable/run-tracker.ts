/** The object tracks its runs with core's RunTracker, which the in-process backends share. */
export { RunTracker } from '../core/run-tracker.ts';
