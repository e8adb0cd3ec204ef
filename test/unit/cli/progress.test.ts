import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../../src/cli/progress.js';

/** A stderr that is not a terminal (CI, a log file): what the bar and the logs wrote to it. */
function notATerminal() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  // What cli-progress asks to tell a terminal from a pipe.
  Object.assign(stream, { isTTY: false });
  return { stream, text: () => text };
}

describe('when log lines come while the progress bar runs', () => {
  it('should print each on a line of its own, none lost, and end the bar on the last count', () => {
    const err = notATerminal();
    const progress = startProgress({
      format: 'backfill 2026-Q3 [{bar}] {value}/{total} pages · {requests} Notion requests',
      total: 2,
      payload: { requests: 0 },
      stream: err.stream,
    });
    progress.log('{"level":40,"msg":"page failed; trying again"}\n');
    progress.update(1, { requests: 16 });
    progress.log('{"level":40,"msg":"Notion answered 429"}\n');
    progress.update(2, { requests: 37 });
    progress.stop();
    const lines = err
      .text()
      .split('\n')
      .filter((l) => l.trim() !== '');
    for (const line of lines) expect(line).toMatch(/^(backfill 2026-Q3 \[|\{"level":40,"msg":"[^"]+"\}$)/);
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([
      '{"level":40,"msg":"page failed; trying again"}',
      '{"level":40,"msg":"Notion answered 429"}',
    ]);
    expect(lines.at(-1)).toMatch(/ 2\/2 pages · 37 Notion requests$/);
  });
});
