import type { JobsOptions, Queue } from 'bullmq';
import type { Schedule, SchedulesFile } from '../config/schedules-schema.js';
import type { Database } from '../db/database.js';
import { plannedFireTime, REPORT_JOB_NAME, SCORES_JOB_DATA, SCORES_JOB_NAME, type ReportJobData } from '../jobs/report-queue.js';
import type { Logger } from '../log.js';
import { reportWeek } from '../metrics/as-of.js';
import { SCORE_REFRESH_LOCK } from '../db/migrate.js';
import { dataWindow, scoresBehind } from '../queries/metric-queries.js';
import { runsToReconcile, scheduleSince, type ReconcileRun } from '../queries/run-queries.js';
import { coversPeriod } from './data-coverage.js';
import { previousRuns } from './previous-runs.js';
import { resolveAsOf } from './resolve-as-of.js';

/** Fire times looked at per schedule and pass (latest first). */
const FIRE_TIMES_PER_PASS = 100;

export interface ReconcileDependencies {
  db: Database;
  queue: Queue<ReportJobData>;
  config: SchedulesFile;
  jobOptions: JobsOptions;
  now: Date;
  /** How far back missed fire times are caught up. */
  catchUpHours: number;
  /** A running or produced run idle this long, with no job queued for it, is driven again. */
  idleMs: number;
  staleToleranceHours: number;
  /**
   * LGS_SCORE_REFRESH_MINUTES: with an `ingest:` running, stored scores its cron left behind the data are
   * refreshed by a job queued once the last refresh is this old (a daily cron would otherwise leave them
   * behind until the next day's run).
   */
  scoreRefreshMinutes?: number;
  log?: Logger;
}

export interface ReconcileResult {
  /** Jobs put on the queue: `catch-up <schedule> <period>` or `re-drive <run id> (<status>)`. */
  enqueued: string[];
}

const periodKey = (schedule: string, period: string) => `${schedule}/${period}`;

/** The period a fire time of a schedule reports on, when it is known before the data is read. Pure. */
function periodAt(schedule: Schedule, firedAt: Date): string | undefined {
  const asOf = resolveAsOf(schedule.asOf, firedAt, schedule.timezone);
  if (asOf === undefined) return undefined;
  return schedule.report === 'weekly' ? reportWeek(asOf).start.slice(0, 10) : asOf.slice(0, 10);
}

/** BullMQ job ids may not hold ':'; these name what the job is for, so two reconcilers add it once. */
const jobId = (...parts: (string | number)[]) => parts.join('_').replace(/[^A-Za-z0-9_.-]/g, '-');

/**
 * Compares what should have happened with the run log (PostgreSQL) and queues what is missing, so no
 * period is lost to a worker that was down at fire time, a Redis that lost its jobs, or a job that died:
 *
 *  - every fire time since the schedule's definition began (within the catch-up window) whose period has
 *    no run, and no job queued for it, gets a job (as if it had fired on time);
 *  - every run left `running` or `produced` (its job gone: worker killed, Redis emptied) is driven again;
 *  - every `stale` run whose period the warehouse now covers is driven again, so it goes out once.
 *
 * Safe to run anywhere and often: a duplicated job finds the run done (the run lock and the delivery
 * ledger keep each recipient single).
 */
export async function reconcile(deps: ReconcileDependencies): Promise<ReconcileResult> {
  const refresh = await queueDueScoreRefresh(deps);
  const runs = await reconcileRuns(deps);
  const enqueued = [...(refresh ? [refresh] : []), ...runs];
  if (enqueued.length > 0) deps.log?.info({ enqueued }, 'reconciler queued missed or unfinished work');
  return { enqueued };
}

/** A failed refresh is asked for again after this long at least (it may fail late, after ~100 s at 10×). */
const FAILED_REFRESH_PAUSE_MINUTES = 15;

/**
 * A refresh job when the stored scores are behind a load and their last refresh is older than the
 * ingest's cron allows (LGS_SCORE_REFRESH_MINUTES). Its own job, not an ingest run: a source that fails
 * (a folder gone) must not keep the scores behind. None while a refresh is under way (it may be this one's,
 * and only records its end). One job per newest load (two reconcilers add it once); a failed one is
 * replaced once it has lain for the interval (at least FAILED_REFRESH_PAUSE_MINUTES), so a refresh that
 * keeps failing is asked for again, not re-run without a pause.
 */
async function queueDueScoreRefresh(deps: ReconcileDependencies): Promise<string | undefined> {
  const minutes = deps.scoreRefreshMinutes;
  if (minutes === undefined || !deps.config.ingest?.enabled) return undefined;
  const state = await scoresBehind(deps.db, minutes);
  if (!state.behind || state.refreshed_recently || state.newest_data_load === null) return undefined;
  if (await deps.db.isLocked(SCORE_REFRESH_LOCK)) return undefined;
  const id = jobId('scores', state.newest_data_load);
  const held = await clearFailedJob(deps.queue, id, deps.now, Math.max(minutes, FAILED_REFRESH_PAUSE_MINUTES) * 60_000);
  if (held.by !== 'nothing') return undefined;
  if (held.failedReason !== undefined) deps.log?.error({ job: id, reason: held.failedReason }, 'the stored scores could not be refreshed; asking again');
  await deps.queue.add(SCORES_JOB_NAME, SCORES_JOB_DATA, { ...deps.jobOptions, jobId: id });
  return `refresh of the scores behind load ${state.newest_data_load}`;
}

/**
 * BullMQ keeps a failed job under its id (for inspection) and ignores an add under an id it holds: removes
 * the failed job under `id` once it has lain `pauseMs` since it failed, so the work can be asked for again.
 * What holds the id then: nothing (with the removed job's reason, if one was removed), or a job that has
 * not failed, or a failed one still within its pause.
 */
async function clearFailedJob(
  queue: Queue<ReportJobData>,
  id: string,
  now: Date,
  pauseMs: number,
): Promise<{ by: 'nothing'; failedReason?: string } | { by: 'job' | 'pausing failure' }> {
  const previous = await queue.getJob(id);
  if (!previous) return { by: 'nothing' };
  if (!(await previous.isFailed())) return { by: 'job' };
  if (pauseMs > 0 && now.getTime() - (previous.finishedOn ?? 0) < pauseMs) return { by: 'pausing failure' };
  await previous.remove().catch(() => undefined);
  return { by: 'nothing', failedReason: previous.failedReason };
}

async function reconcileRuns(deps: ReconcileDependencies): Promise<string[]> {
  const { db, queue, config, now } = deps;
  const enabled = config.schedules.filter((schedule) => schedule.enabled);
  if (enabled.length === 0) return [];
  const windowStart = new Date(now.getTime() - deps.catchUpHours * 3_600_000);

  // What is queued already: by run id, and by schedule and period for jobs due by now.
  const pending = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
  const queuedRuns = new Set<number>();
  const queuedPeriods = new Set<string>();
  const queuedLatest = new Set<string>();
  for (const job of pending) {
    if (!job?.data) continue;
    if (job.data.runId !== undefined) {
      queuedRuns.add(job.data.runId);
      continue;
    }
    const schedule = enabled.find((candidate) => candidate.name === job.data.schedule);
    if (!schedule) continue;
    const firedAt = plannedFireTime(job);
    // A scheduler's next job waits for a later fire time: it does not stand for one already missed.
    if (job.data.runId === undefined && !job.data.manual && firedAt.getTime() > now.getTime()) continue;
    const period = periodAt(schedule, firedAt);
    if (period) queuedPeriods.add(periodKey(schedule.name, period));
    else queuedLatest.add(schedule.name);
  }

  // The fire times that are due, and their periods.
  const due: { schedule: Schedule; firedAt: Date; period: string | undefined }[] = [];
  for (const schedule of enabled) {
    const since = await scheduleSince(db, schedule.name);
    if (since === undefined) continue;
    const from = new Date(Math.max(since, windowStart.getTime()));
    const seen = new Set<string>();
    for (const firedAt of previousRuns(schedule.cron, schedule.timezone, from, now, FIRE_TIMES_PER_PASS)) {
      const period = periodAt(schedule, firedAt);
      // Latest first: one job per period, the latest fire time of it; for latest-data, the latest fire only.
      const key = period ?? '(latest data)';
      if (seen.has(key)) continue;
      seen.add(key);
      due.push({ schedule, firedAt, period });
      if (period === undefined) break;
    }
  }

  const known = await runsToReconcile(
    db,
    enabled.map((schedule) => schedule.name),
    due.flatMap((d) => (d.period ? [periodKey(d.schedule.name, d.period)] : [])),
    windowStart,
  );
  const runOf = new Map<string, ReconcileRun>(known.map((run) => [periodKey(run.schedule, run.period), run]));
  const enqueued: string[] = [];
  const add = async (what: string, data: ReportJobData, id: string, options: { replaceFailed?: boolean } = {}) => {
    // A re-drive whose every attempt failed before it opened its run (the database away) left the run's
    // attempts, and so the id, unchanged: without this the run was never driven again. Only a re-drive's
    // failed job is replaced: a completed one did its work, and a catch-up of a latest-data schedule is
    // asked for on every pass until the next fire (its run keeps its first fire time), so replacing it
    // would re-run it.
    if (options.replaceFailed) await clearFailedJob(queue, id, now, 0);
    await queue.add(REPORT_JOB_NAME, data, { ...deps.jobOptions, jobId: id });
    enqueued.push(what);
  };

  for (const { schedule, firedAt, period } of due) {
    if (period === undefined) {
      // latest-data: the period is read from the data at run time; any run fired since counts.
      const ran = known.some((run) => run.schedule === schedule.name && run.fired_ms !== null && run.fired_ms >= firedAt.getTime());
      if (!ran && !queuedLatest.has(schedule.name)) await add(`catch-up ${schedule.name} ${firedAt.toISOString()}`, { schedule: schedule.name, requestedAt: firedAt.getTime() }, jobId('catchup', schedule.name, firedAt.getTime()));
      continue;
    }
    const key = periodKey(schedule.name, period);
    if (runOf.has(key) || queuedPeriods.has(key)) continue;
    await add(`catch-up ${schedule.name} ${period}`, { schedule: schedule.name, requestedAt: firedAt.getTime() }, jobId('catchup', schedule.name, period));
  }

  const enabledNames = new Set(enabled.map((schedule) => schedule.name));
  let latestInvoice: string | null | undefined;
  for (const run of known) {
    if (!enabledNames.has(run.schedule) || queuedRuns.has(run.run_id) || queuedPeriods.has(periodKey(run.schedule, run.period))) continue;
    if (run.status === 'running' || run.status === 'produced') {
      if (run.idle_ms < deps.idleMs) continue;
      await add(`re-drive ${run.run_id} (${run.status})`, { schedule: run.schedule, runId: run.run_id }, jobId('redrive', run.run_id, run.attempts), { replaceFailed: true });
    } else if (run.status === 'stale') {
      latestInvoice ??= (await dataWindow(db))[0]?.last_invoice_at ?? null;
      const schedule = enabled.find((candidate) => candidate.name === run.schedule)!;
      const periodEnd = schedule.report === 'weekly' ? reportWeek(run.as_of).end : run.as_of;
      if (!coversPeriod(periodEnd, latestInvoice, deps.staleToleranceHours, schedule.timezone)) continue;
      await add(`re-drive ${run.run_id} (data now in)`, { schedule: run.schedule, runId: run.run_id }, jobId('redrive', run.run_id, run.attempts), { replaceFailed: true });
    }
  }
  return enqueued;
}
