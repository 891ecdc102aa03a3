/**
 * Wiring of the long-running services: `lgs worker` (creates the clients: database, browser, archive,
 * mailer, queue; keeps the job schedulers in step with config/schedules.yaml; runs report jobs) and
 * `lgs serve` (the managers' page).
 */
import { join } from 'node:path';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import type { Queue, Worker } from 'bullmq';
import type { Environment } from './config/environment.js';
import type { SchedulesFile } from './config/schedules-schema.js';
import { readSchedules } from './config/schedules-file.js';
import type { Database } from './db/database.js';
import { watchUsersFile } from './http/current-users.js';
import { persistedSessionKey } from './http/session-key.js';
import { buildWebServer } from './http/web-server.js';
import { REPORT_JOB_NAME, reportJobOptions, type ReportJobData } from './jobs/report-queue.js';
import { ping } from './queries/web-queries.js';
import { createReportWorker, type JobResult } from './jobs/report-worker.js';
import type { Logger } from './log.js';
import type { Mailer } from './mail/mailer.js';
import { syncSchedulers } from './schedule/sync-schedulers.js';
import { syncIngestScheduler } from './ingest/ingest-scheduler.js';
import { forgetOtherIngestSources } from './ingest/ingest-status.js';
import { reconcile, type ReconcileResult } from './schedule/reconciler.js';
import type { SharedBrowser } from './pdf/shared-browser.js';
import { watchSchedules } from './schedule/schedules-watcher.js';
import { archiveFolder, createServices, requireServerDatabase } from './services/services.js';

export { archiveFolder };

export interface RunningWorker {
  queue: Queue<ReportJobData>;
  worker: Worker<ReportJobData, JobResult>;
  db: Database;
  browser: SharedBrowser;
  /** Compares due periods and unfinished runs with the run log and queues what is missing (also runs by itself). */
  reconcile(): Promise<ReconcileResult>;
  /** The schedules in force (the last valid version of the file). */
  config(): SchedulesFile;
  /** Finishes the current job (or lets it be picked up again), then closes everything. */
  stop(): Promise<void>;
}

const RESYNC_EVERY_MS = 60_000;

export interface WorkerOptions {
  /** The clock of the scheduler sync and the reconciler (tests put the worker at another time). */
  now?: () => Date;
}

/**
 * Says at start what would otherwise show only when the first report fails to arrive: that mail goes to
 * the outbox folder (no SMTP_URL), or that the SMTP server does not answer or refuses our login. A
 * warning, not a refusal: the server may come back before the first run, and runs retry.
 */
async function checkMailAtStart(mailer: Mailer, log: Logger): Promise<void> {
  if (mailer.writesToOutbox) {
    log.warn({ mail: mailer.description }, `SMTP_URL is not set: reports are written to the ${mailer.description} and not sent to anyone`);
    return;
  }
  try {
    await mailer.verify?.();
    log.info({ mail: mailer.description }, 'SMTP server answered');
  } catch (error) {
    log.warn({ mail: mailer.description, err: (error as Error).message }, `cannot use the SMTP server at ${mailer.description}: ${(error as Error).message} (runs will retry; check SMTP_URL, or try it with \`lgs mail test <address>\`)`);
  }
}

export async function startWorker(environment: Environment, log: Logger, options: WorkerOptions = {}): Promise<RunningWorker> {
  requireServerDatabase(environment, 'lgs worker');
  const now = options.now ?? (() => new Date());
  // Invalid schedules at start-up stop the start: there is no previous version to fall back on.
  let config = await readSchedules(environment.LGS_SCHEDULES);
  const clients = createServices(environment, log);
  let services;
  let queue;
  try {
    services = await clients.scheduledRunServices();
    queue = await clients.reportQueue();
  } catch (error) {
    await clients.close();
    throw error;
  }
  const { db, mailer, browser } = services;
  browser.onLaunch((launched) => log.info({ pid: launched.process()?.pid }, 'chromium launched'));
  const jobOptions = reportJobOptions(environment);
  const sync = async (why: string) => {
    const result = await syncSchedulers(queue, db, config, jobOptions, now());
    const ingest = await syncIngestScheduler(queue, config, jobOptions);
    await forgetOtherIngestSources(db, config.ingest, environment.LGS_INGEST_SOURCE_URL);
    log.info({ why, ...result, ingest }, 'job schedulers in step with config');
  };
  await sync('start');
  const stopWatching = watchSchedules(environment.LGS_SCHEDULES, {
    onValid: async (next) => {
      config = next;
      await sync('config changed');
    },
    onInvalid: (error) => log.error({ err: (error as Error).message, file: environment.LGS_SCHEDULES }, 'schedules file invalid: previous schedules stay in force'),
  });
  // Redis may come back empty after a restart (no persistence): put the schedulers back when it reconnects.
  const client = await queue.backend.connection.client;
  const onReady = () => void sync('redis reconnected').catch((error: Error) => log.warn({ err: error.message }, 'resync failed'));
  client.on('ready', onReady);
  const resync = setInterval(() => void sync('periodic').catch((error: Error) => log.warn({ err: error.message }, 'resync failed')), RESYNC_EVERY_MS);
  resync.unref();

  const reconcileNow = () =>
    reconcile({
      db, queue, config, jobOptions, now: now(), log,
      catchUpHours: environment.LGS_CATCH_UP_HOURS,
      idleMs: Math.max(2 * environment.LGS_JOB_LOCK_MS, environment.LGS_RECONCILE_MS),
      staleToleranceHours: environment.LGS_STALE_TOLERANCE_HOURS,
      scoreRefreshMinutes: environment.LGS_SCORE_REFRESH_MINUTES,
    });
  let reconciling: Promise<unknown> = Promise.resolve();
  const reconcileInTurn = () => {
    // One pass at a time; a failed pass (database or Redis away) is logged and tried again next time.
    reconciling = reconciling.then(() => reconcileNow().catch((error: Error) => log.warn({ err: error.message }, 'reconcile failed')));
    return reconciling;
  };
  // New data from an ingest may cover a stale run's period: the reconciler then sends it.
  const worker = createReportWorker(environment, () => config, services, log, { onNewData: () => void reconcileInTurn() });
  void reconcileInTurn();
  const reconciler = setInterval(() => void reconcileInTurn(), environment.LGS_RECONCILE_MS);
  reconciler.unref();
  await checkMailAtStart(mailer, log);
  log.info({ queue: environment.LGS_QUEUE, concurrency: environment.LGS_WORKER_CONCURRENCY, mail: mailer.description, database: db.location }, 'worker started');
  return {
    queue,
    worker,
    db,
    browser,
    reconcile: reconcileNow,
    config: () => config,
    async stop() {
      stopWatching();
      clearInterval(resync);
      clearInterval(reconciler);
      await reconciling;
      client.off('ready', onReady);
      await worker.close();
      await clients.close();
      log.info('worker stopped');
    },
  };
}

/** Wiring of `lgs serve`: the managers' page over the archive and run log. */
export async function startWebServer(environment: Environment, log: Logger) {
  requireServerDatabase(environment, 'lgs serve');
  const users = await watchUsersFile(environment.LGS_USERS, log);
  const clients = createServices(environment, log);
  let db;
  let queue;
  let archive;
  let renderer;
  try {
    [db, queue, archive, renderer] = await Promise.all([clients.database(), clients.reportQueue({ requireRedis: false }), clients.archive(), clients.renderer()]);
  } catch (error) {
    await clients.close();
    throw error;
  }
  const sessionKeyFile = join(environment.LGS_HOME, 'session.key');
  const sessionKey = environment.LGS_SESSION_KEY ? { key: Buffer.from(environment.LGS_SESSION_KEY, 'hex'), created: false } : await persistedSessionKey(sessionKeyFile);
  if (!environment.LGS_SESSION_KEY) log.info({ file: sessionKeyFile, created: sessionKey.created }, 'LGS_SESSION_KEY is not set: the session key is kept in a file, so restarts keep managers logged in');
  const folder = archiveFolder(environment);
  const app = await buildWebServer({
    db,
    archive,
    users,
    renderer,
    readSchedules: async () => {
      try {
        return { path: environment.LGS_SCHEDULES, config: await readSchedules(environment.LGS_SCHEDULES) };
      } catch (error) {
        return { path: environment.LGS_SCHEDULES, error: (error as Error).message };
      }
    },
    enqueueRun: async (schedule) => String((await queue.add(REPORT_JOB_NAME, { schedule, manual: true, requestedAt: Date.now() })).id),
    healthChecks: {
      database: () => ping(db),
      redis: () => queue.getJobSchedulersCount(),
      archive: async () => {
        await mkdir(folder, { recursive: true });
        await access(folder, constants.R_OK | constants.W_OK);
      },
    },
    sessionKey: sessionKey.key,
    secureCookies: environment.LGS_SECURE_COOKIES,
    sessionTtlMs: environment.LGS_SESSION_TTL_MIN * 60_000,
    maxSessionAgeMs: environment.LGS_SESSION_MAX_HOURS * 3_600_000,
    trustProxy: environment.LGS_TRUST_PROXY,
    loginAttemptsPerMinute: environment.LGS_LOGIN_ATTEMPTS_PER_MINUTE,
    loginFailuresPerUser: environment.LGS_LOGIN_FAILURES_PER_USER,
    log,
  });
  let address: string;
  try {
    address = await app.listen({ host: environment.LGS_HTTP_HOST, port: environment.LGS_HTTP_PORT });
  } catch (error) {
    // A port in use: the pool, the queue's Redis connection and the browser would keep the process alive
    // after `lgs serve` has said why it stops.
    await app.close();
    await clients.close();
    throw error;
  }
  log.info({ address, users: (await users()).users.length, trustProxy: environment.LGS_TRUST_PROXY }, "managers' page listening");
  return {
    app,
    address,
    async stop() {
      await app.close();
      await clients.close();
    },
  };
}
