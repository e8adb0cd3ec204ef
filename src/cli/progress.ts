/**
 * A command's progress bar on stderr, and the log lines that come while it runs: printed above
 * the bar, never into it. On a terminal the bar is redrawn; elsewhere (CI, a log file) it is a
 * line every few seconds.
 */
import { MultiBar } from 'cli-progress';

export interface Progress {
  update(value: number, payload: Record<string, unknown>): void;
  /** A log line (ending in "\n"), shown above the bar while it runs, on stderr after. */
  log(line: string): void;
  /** Draws the last state, with whatever was logged before it, and lets go of the terminal. */
  stop(): void;
}

export function startProgress(options: {
  format: string;
  total: number;
  payload: Record<string, unknown>;
  stream?: NodeJS.WritableStream;
}): Progress {
  const stream = options.stream ?? process.stderr;
  // Off a terminal the bar is whole lines now and then: a log line can simply follow it.
  const terminal = (stream as { isTTY?: boolean }).isTTY === true;
  const bars = new MultiBar({
    format: options.format,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5_000,
    clearOnComplete: false,
    stream,
  });
  const bar = bars.create(options.total, 0, options.payload);
  let running = true;
  // Lines logged since the last redraw, which flushes them.
  let pending = 0;
  bars.on('redraw-pre', () => {
    pending = 0;
  });
  return {
    update: (value, payload) => bar.update(value, payload),
    log: (line) => {
      if (!running || !terminal) {
        stream.write(line);
        return;
      }
      pending += 1;
      bars.log(line);
    },
    stop: () => {
      if (!running) return;
      running = false;
      // stop() alone drops the lines logged since the last redraw; a redraw on a terminal
      // prints them, in place of the bar that stop() then draws once more.
      if (pending > 0) bars.update();
      bars.stop();
    },
  };
}
