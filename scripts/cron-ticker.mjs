// Delivers a Worker's cron triggers on a server that has no Cloudflare scheduler: at each
// expression's next fire (UTC, as Cloudflare reads them), it calls `deliver(cron)`.
import { CronExpressionParser } from 'cron-parser';

/** The next time `cron` fires after `now`, in epoch milliseconds, reading it in UTC as Cloudflare does. */
export function nextCronFireAt(cron, now) {
  return CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: new Date(now) }).next().getTime();
}

/**
 * Starts a timer per cron expression; `deliver` is awaited and its failures go to `onError`.
 * Returns a function that stops them all.
 */
export function startCronTicker(crons, deliver, { onError = (error) => console.error(error), now = () => Date.now() } = {}) {
  const timers = new Set();
  let isStopped = false;
  const arm = (cron) => {
    const delay = Math.max(0, nextCronFireAt(cron, now()) - now());
    const timer = setTimeout(async () => {
      timers.delete(timer);
      if (isStopped) return;
      arm(cron);
      try {
        await deliver(cron);
      } catch (error) {
        onError(error);
      }
    }, delay);
    timers.add(timer);
  };
  for (const cron of crons) arm(cron);
  return () => {
    isStopped = true;
    for (const timer of timers) clearTimeout(timer);
  };
}
