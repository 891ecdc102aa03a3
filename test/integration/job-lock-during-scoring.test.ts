import { Queue, QueueEvents, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readEnvironment } from '../../src/config/environment.js';
import { connectionOf } from '../../src/jobs/report-queue.js';
import { fitBgNbd } from '../../src/predict/bgnbd.js';
import { seededRandom, simulateBgNbd } from '../support/simulate-purchases.js';
import { waitUntil } from '../support/worker-environment.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const LOCK_MS = 500;

/**
 * A worker renews its job's lock on its event loop (src/async/time-slices.ts). The scoring step's fits are
 * seconds of computation at 1× the data (tens at 10×): run in one go, they outlast a lock of half a second
 * here as they outlast LGS_JOB_LOCK_MS's 60 s at scale, and the job is taken for stalled and run again.
 * Real Redis, real BullMQ worker; the fit is the one the scoring step runs, twice on 10,000 simulated
 * customers (about 4 s on the machine this was written on, 8× the lock).
 */
describe('a job running the scoring step\'s model fit, with a lock shorter than the fit', () => {
  const environment = readEnvironment({ LGS_QUEUE: `lgs-lock-${process.pid}-${Math.random().toString(36).slice(2, 8)}` });
  const connection = connectionOf(environment);
  const queue = new Queue(environment.LGS_QUEUE, { connection });
  const events = new QueueEvents(environment.LGS_QUEUE, { connection });
  const next = seededRandom(2011);
  const customers = simulateBgNbd(next, { r: 0.6, alpha: 60, a: 0.3, b: 3 }, Array.from({ length: 10_000 }, () => 30 + Math.floor(next() * 700)));
  let runs = 0;
  let workMs = 0;
  const stalled: string[] = [];
  const errors: string[] = [];
  let worker: Worker | undefined;

  beforeAll(async () => {
    await events.waitUntilReady();
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    worker = new Worker(
      environment.LGS_QUEUE,
      async () => {
        runs += 1;
        const started = performance.now();
        const fits = [await fitBgNbd(customers), await fitBgNbd(customers)];
        workMs = performance.now() - started;
        return fits.every((fit) => fit.converged);
      },
      { connection, lockDuration: LOCK_MS, stalledInterval: LOCK_MS / 2, maxStalledCount: 1 },
    );
    worker.on('error', (error) => errors.push(error.message));
    const job = await queue.add('fit', {}, { attempts: 1 });
    await waitUntil(async () => ['completed', 'failed'].includes(await job.getState()), 90_000, 'the job to finish');
  });

  afterAll(async () => {
    await worker?.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('outlasts its lock several times over (without that, the test below proves nothing)', () => {
    expect(workMs).toBeGreaterThan(2 * LOCK_MS);
  });

  it('completes', async () => {
    expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: 1, failed: 0 });
  });

  it('is run once, never taken for stalled', () => {
    expect(runs).toBe(1);
    expect(stalled).toEqual([]);
  });

  it('keeps its lock to the end: the worker reports no error (run in one go: "Missing lock for job … moveToFinished")', () => {
    expect(errors).toEqual([]);
  });
});
