/**
 * Preloaded into a measured process (`node --import dist/bench/event-loop-stalls.js …`): on exit, writes
 * the longest time its event loop was held by one piece of synchronous work, as a line
 * `EVENT_LOOP_LONGEST_STALL_MS=<ms>` on stderr. In a worker that time is how late the job's lock renewal,
 * its other jobs' sockets and timers, and the health check can be (src/async/time-slices.ts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
process.on('exit', () => {
  delay.disable();
  process.stderr.write(`\nEVENT_LOOP_LONGEST_STALL_MS=${Math.round(delay.max / 1e6)}\n`);
});
