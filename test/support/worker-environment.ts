import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvironment, type Environment } from '../../src/config/environment.js';
import type { RunningWorker } from '../../src/main.js';

/** A private home (archive, outbox) and queue name per test, so tests never see each other's jobs. */
export function workerEnvironment(overrides: Record<string, string>): Environment & { home: string } {
  const home = mkdtempSync(join(tmpdir(), 'lgs-worker-'));
  const environment = readEnvironment({
    LGS_HOME: home,
    LGS_QUEUE: `lgs-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    LGS_SCHEDULES: join(home, 'schedules.yaml'),
    LGS_JOB_ATTEMPTS: '4',
    LGS_JOB_BACKOFF_MS: '200',
    // Short, so a killed worker's job is taken over within seconds; not shorter than the longest stretch a
    // report job keeps the event loop busy on a loaded two-core machine (the first chart rendering and
    // browser launch took 1.5 s beside three CPU hogs): with 2 s, BullMQ took such a job for stalled and ran
    // it a second time at once, which the tests of retries and catch-ups then saw.
    LGS_JOB_LOCK_MS: '5000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(process.env.CHROME_PATH ? { CHROME_PATH: process.env.CHROME_PATH } : {}),
    ...overrides,
  });
  return { ...environment, home };
}

export function writeSchedules(environment: Environment, yaml: string): void {
  writeFileSync(environment.LGS_SCHEDULES, yaml);
}

export async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Empties the test's queue and stops its worker (while Redis is still up to close against). */
export async function stopWorker(running: RunningWorker | undefined): Promise<void> {
  if (!running) return;
  await running.queue.obliterate({ force: true }).catch(() => undefined);
  await running.stop().catch(() => undefined);
}

/** Counts the jobs a worker finishes from now on: completed, and failed for good (no attempt left). */
export function countJobs(running: RunningWorker): { completed: number; failedForGood: number } {
  const counts = { completed: 0, failedForGood: 0 };
  running.worker.on('completed', () => counts.completed++);
  running.worker.on('failed', (job) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) counts.failedForGood++;
  });
  return counts;
}
