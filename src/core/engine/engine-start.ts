import type { Logger } from '../logger.ts';
import type { TaskHost } from '../task-host.ts';

/** How a start of the engine goes: who the plugin is, when this worker started, and the plugin's registration code. */
export interface EngineStart {
  pluginId: string;
  /** When this worker started, for initial delays. */
  startedAt: number;
  /** The alarm as the runtime holds it now, so an unchanged one costs no write. */
  armedAt: number | null;
  /** Written in the registrations' transaction, so a start whose writes are refused records no start either. */
  recordStart?: () => void;
  /**
   * True where a start means the previous worker is gone with its runs (a Durable Object's new
   * instance): stored leases are then released as lost at once, not at their timeouts. Not where
   * another process may still be running them.
   */
  releasesOrphanedRuns?: boolean;
  /** Runs the plugin's init, which registers its tasks through `host`. */
  startPlugin(host: TaskHost, logger: Logger): Promise<void>;
}
