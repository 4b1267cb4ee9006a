// One progress line on stderr, rewritten in place on a terminal and printed in steps otherwise.

const WIDTH = 28;

/** A progress bar for one phase; `update(done, detail)` redraws at most every 100 ms. */
export function createProgress(stream = process.stderr) {
  const startedAt = Date.now();
  const clock = () => `${Math.round((Date.now() - startedAt) / 1000)}s`.padStart(5);
  let label = '';
  let total = 1;
  let lastDraw = 0;
  let lastStep = -1;
  const draw = (done, detail, force) => {
    const fraction = Math.max(0, Math.min(1, done / total));
    if (!stream.isTTY) {
      const step = Math.floor(fraction * 4);
      if (step === lastStep && !force) return;
      lastStep = step;
      stream.write(`${clock()} [${label}] ${Math.round(fraction * 100)}% ${detail}\n`);
      return;
    }
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const filled = Math.round(fraction * WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    stream.write(`\r\x1b[2K${clock()} ${label.padEnd(28)} ${bar} ${String(Math.round(fraction * 100)).padStart(3)}% ${detail}`);
  };
  return {
    start(phase, size) {
      label = phase;
      total = Math.max(1, size);
      lastStep = -1;
      draw(0, '', true);
    },
    update(done, detail = '') {
      draw(done, detail, false);
    },
    finish(detail = 'done') {
      draw(total, detail, true);
      if (stream.isTTY) stream.write('\n');
    },
    note(message) {
      if (stream.isTTY) stream.write('\r\x1b[2K');
      stream.write(`${message}\n`);
    },
  };
}
