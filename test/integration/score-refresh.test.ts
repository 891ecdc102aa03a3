import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { forgetStoredResults, migrate, SCORE_REFRESH_LOCK } from '../../src/db/migrate.js';
import { readEnvironment } from '../../src/config/environment.js';
import { parseSchedules } from '../../src/config/schedules-file.js';
import { refreshScoresIfBehind } from '../../src/ingest/refresh-scores.js';
import { Worker } from 'bullmq';
import { connectionOf, createReportQueue, reportJobOptions, SCORES_JOB_NAME } from '../../src/jobs/report-queue.js';
import { reconcile } from '../../src/schedule/reconciler.js';
import { createLogger } from '../../src/log.js';
import { loadFile } from '../../src/warehouse/load.js';
import { ENGINES, freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED, SAMPLE } from '../support/fixtures.js';
import { waitUntil } from '../support/worker-environment.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/**
 * The scoring step after a load (src/ingest/refresh-scores.ts): one refresh at a time, and a refresh again
 * after an upgrade, whose migrations may have changed what the stored results were made by.
 */
const log = createLogger('silent');
const TOLERANCE = { staleToleranceHours: 72 };

async function stored(db: Database): Promise<{ scorings: number; reads: number; refreshed: number }> {
  const [row] = await db.query<{ scorings: number; reads: number; refreshed: number }>(
    `SELECT (SELECT count(*)::int FROM rfm_scoring) AS scorings, (SELECT count(*)::int FROM stored_read) AS reads,
            (SELECT count(*)::int FROM score_refresh) AS refreshed`,
  );
  return row!;
}

describe.each(Object.entries(ENGINES))('the scoring step (%s)', (_engine, open) => {
  let warehouse: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    warehouse = await open();
    db = warehouse.db;
    await loadFile(db, SAMPLE);
  });
  afterAll(async () => warehouse?.dispose());

  it('refreshes once when two processes ask at the same time (the second waits, then finds it done)', async () => {
    const outcomes = await Promise.all([refreshScoresIfBehind(db, log, 'first', TOLERANCE), refreshScoresIfBehind(db, log, 'second', TOLERANCE)]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await stored(db)).toMatchObject({ refreshed: 1 });
    expect((await stored(db)).reads).toBeGreaterThan(0);
  });

  it('a migrate that applies nothing keeps the stored results', async () => {
    const before = await stored(db);
    expect(await migrate(db)).toEqual([]);
    expect(await stored(db)).toEqual(before);
  });

  it('after an upgrade\'s migrations they are forgotten, and the next ingest or load stores them again', async () => {
    await forgetStoredResults(db);
    expect(await stored(db)).toEqual({ scorings: 0, reads: 0, refreshed: 0 });
    expect(await refreshScoresIfBehind(db, log, 'ingest', TOLERANCE)).toBe(true);
    const after = await stored(db);
    expect(after.scorings).toBeGreaterThan(0);
    expect(after.reads).toBeGreaterThan(0);
    expect(after.refreshed).toBe(1);
  });
});

describe('the scoring step when its lock connection drops', () => {
  let warehouse: TestDatabase;
  beforeAll(async () => {
    warehouse = await freshPostgres();
    await loadFile(warehouse.db, SAMPLE);
  });
  afterAll(async () => warehouse?.dispose());

  it('stops at its next phase and records no refresh, so the next ingest or load refreshes again', async () => {
    const db = warehouse.db;
    const refreshing = refreshScoresIfBehind(db, log, 'load', TOLERANCE);
    // The lock's own connection, as a server restart or an idle-session timeout would end it.
    let holders: { pid: number }[] = [];
    for (let tries = 0; holders.length === 0 && tries < 200; tries++) {
      holders = await db.query<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      if (holders.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(holders).toHaveLength(1);
    await db.query('SELECT pg_terminate_backend($1)', [holders[0]!.pid]);
    await expect(refreshing).rejects.toThrow();
    expect((await stored(db)).refreshed).toBe(0);
    expect(await refreshScoresIfBehind(db, log, 'load', TOLERANCE)).toBe(true);
  });
});

describe('the scoring step on the ingest\'s cron (LGS_SCORE_REFRESH_MINUTES)', () => {
  let warehouse: TestDatabase;
  const refreshedLoad = async () => (await warehouse.db.query<{ load_id: number }>('SELECT load_id FROM score_refresh'))[0]?.load_id ?? null;
  beforeAll(async () => {
    warehouse = await freshPostgres();
    await loadFile(warehouse.db, SAMPLE);
  });
  afterAll(async () => warehouse?.dispose());

  it('refreshes scores that were never refreshed, however recent the interval', async () => {
    expect(await refreshScoresIfBehind(warehouse.db, log, 'ingest', { ...TOLERANCE, notWithinMinutes: 60 })).toBe(true);
    expect(await refreshedLoad()).toBe(1);
  });

  it('leaves scores behind a new load while the last refresh is younger than the interval', async () => {
    await loadFile(warehouse.db, HAND_COMPUTED);
    expect(await refreshScoresIfBehind(warehouse.db, log, 'ingest', { ...TOLERANCE, notWithinMinutes: 60 })).toBe(false);
    expect(await refreshedLoad()).toBe(1);
  });

  it('refreshes them once the interval has passed', async () => {
    await warehouse.db.query("UPDATE score_refresh SET refreshed_at = now() - interval '61 minutes'");
    expect(await refreshScoresIfBehind(warehouse.db, log, 'ingest', { ...TOLERANCE, notWithinMinutes: 60 })).toBe(true);
    expect(await refreshedLoad()).toBe(2);
  });
});

describe('the reconciler, for scores the ingest\'s cron left behind', () => {
  let warehouse: TestDatabase;
  const environment = readEnvironment({ LGS_QUEUE: `lgs-scores-${process.pid}-${Math.random().toString(36).slice(2, 8)}` });
  const queue = createReportQueue(environment);
  const withIngest = (enabled: boolean) => parseSchedules(`schedules: []\ningest: { folder: /var/lib/lgs/inbox, cron: "0 6 * * *", enabled: ${enabled} }\n`, 's.yaml');
  const pass = (enabled = true, now = new Date()) => reconcile({
    db: warehouse.db, queue, config: withIngest(enabled), jobOptions: { ...reportJobOptions(environment), attempts: 1 }, now,
    catchUpHours: 168, idleMs: 60_000, staleToleranceHours: 72, scoreRefreshMinutes: 60,
  });
  beforeAll(async () => {
    warehouse = await freshPostgres();
    await loadFile(warehouse.db, SAMPLE);
    await refreshScoresIfBehind(warehouse.db, log, 'load', TOLERANCE);
    await loadFile(warehouse.db, HAND_COMPUTED); // behind again, the refresh a moment old
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await warehouse?.dispose();
  });

  it('queues nothing while the last refresh is younger than LGS_SCORE_REFRESH_MINUTES', async () => {
    expect((await pass()).enqueued).toEqual([]);
  });

  it('queues nothing when no ingest runs (lgs load refreshes after itself)', async () => {
    await warehouse.db.query("UPDATE score_refresh SET refreshed_at = now() - interval '61 minutes'");
    expect((await pass(false)).enqueued).toEqual([]);
  });

  it('queues nothing while a refresh holds its lock (it may be this one\'s, and records only its end)', async () => {
    await warehouse.db.withLock(SCORE_REFRESH_LOCK, async () => {
      expect((await pass()).enqueued).toEqual([]);
    });
  });

  it('queues one refresh job once the last refresh is older, however many passes ask', async () => {
    expect((await pass()).enqueued).toEqual(['refresh of the scores behind load 2']);
    expect((await pass()).enqueued).toEqual([]);
    expect((await queue.getJobs(['waiting'])).map((job) => job.name)).toEqual([SCORES_JOB_NAME]);
  });

  it('asks again for a refresh whose job failed, once it has lain for the interval, not on every pass', async () => {
    // A worker whose refresh fails (the job's every attempt).
    const failing = new Worker(environment.LGS_QUEUE, async () => {
      throw new Error('refresh failed');
    }, { connection: connectionOf(environment) });
    try {
      await waitUntil(async () => (await queue.getJobCounts('failed')).failed === 1, 30_000, 'the job to fail');
    } finally {
      await failing.close();
    }
    expect((await pass()).enqueued).toEqual([]);
    expect((await pass(true, new Date(Date.now() + 61 * 60_000))).enqueued).toEqual(['refresh of the scores behind load 2']);
    expect((await queue.getJobs(['waiting'])).map((job) => job.name)).toEqual([SCORES_JOB_NAME]);
  });
});
