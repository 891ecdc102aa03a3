import type { Logger } from '../log.js';

/** Reports how far a long task is: a redrawn bar on a terminal, a few log lines anywhere else. */
export interface Progress {
  update(done: number, total: number, detail: string): void;
  finish(detail: string): void;
}

const BAR_WIDTH = 30;
const REDRAW_EVERY_MS = 100;

export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  let lastDraw = 0;
  const draw = (fraction: number, detail: string) => {
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = '='.repeat(filled) + ' '.repeat(BAR_WIDTH - filled);
    stream.write(`\r${label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${detail}\x1b[K`);
  };
  return {
    update(done, total, detail) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_EVERY_MS) return;
      lastDraw = now;
      draw(total > 0 ? Math.min(1, done / total) : 0, detail);
    },
    finish(detail) {
      draw(1, detail);
      stream.write('\n');
    },
  };
}

/** Logs at each quarter, so a CI log shows the load moving without a line per chunk. */
export function logProgress(label: string, log: Logger): Progress {
  let nextQuarter = 1;
  return {
    update(done, total, detail) {
      if (total <= 0) return;
      while (nextQuarter < 4 && done / total >= nextQuarter / 4) {
        log.info({ task: label, percent: nextQuarter * 25 }, `${label}: ${nextQuarter * 25}% ${detail}`);
        nextQuarter++;
      }
    },
    finish(detail) {
      log.info({ task: label, percent: 100 }, `${label}: done ${detail}`);
    },
  };
}

export const silentProgress: Progress = { update() {}, finish() {} };

/** The right reporter for where stderr goes. */
export function progressFor(label: string, log: Logger): Progress {
  return process.stderr.isTTY ? terminalProgress(label) : logProgress(label, log);
}
