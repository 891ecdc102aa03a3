import type { JobSchedulerJson, JobsOptions, Queue } from 'bullmq';
import type { Schedule, SchedulesFile } from '../config/schedules-schema.js';
import type { Queryable } from '../db/database.js';
import { REPORT_JOB_NAME, type ReportJobData } from '../jobs/report-queue.js';
import { noteScheduleDefinition } from '../queries/run-queries.js';

/** What decides when and what a schedule runs: a change of it starts the schedule's catch-up anew. */
export function scheduleDefinition(schedule: Schedule): string {
  return JSON.stringify({ cron: schedule.cron, timezone: schedule.timezone, asOf: schedule.asOf, report: schedule.report });
}

type Backoff = JobsOptions['backoff'];
/** Redis gives the backoff back with its keys in another order: compare what they say. */
const sameBackoff = (a: Backoff, b: Backoff) =>
  typeof a === 'object' && typeof b === 'object' ? a.type === b.type && a.delay === b.delay : a === b;

function matches(existing: JobSchedulerJson<ReportJobData> | undefined, schedule: Schedule, jobOptions: JobsOptions): boolean {
  return (
    existing !== undefined &&
    existing.pattern === schedule.cron &&
    existing.tz === schedule.timezone &&
    existing.template?.data?.schedule === schedule.name &&
    existing.template?.opts?.attempts === jobOptions.attempts &&
    sameBackoff(existing.template?.opts?.backoff, jobOptions.backoff)
  );
}

/**
 * Makes the queue's job schedulers match the config: one per enabled schedule (upsertJobScheduler with its
 * cron pattern and time zone; `queue.add(..., { repeat })` would silently run once in current BullMQ),
 * none for disabled or deleted ones. A scheduler already as configured is left alone: BullMQ's upsert
 * drops a job that is due and still waiting and re-arms the next occurrence, so upserting an unchanged
 * scheduler on every resync would skip that period. Records since when each definition holds (for the
 * reconciler's catch-up). Idempotent, so it is safe to call on every change and reconnect.
 */
export async function syncSchedulers(queue: Queue<ReportJobData>, db: Queryable, config: SchedulesFile, jobOptions: JobsOptions, now: Date = new Date()) {
  const enabled = config.schedules.filter((schedule) => schedule.enabled);
  const upserted: string[] = [];
  const unchanged: string[] = [];
  for (const schedule of enabled) {
    await noteScheduleDefinition(db, schedule.name, scheduleDefinition(schedule), now);
    if (matches(await queue.getJobScheduler(schedule.name), schedule, jobOptions)) {
      unchanged.push(schedule.name);
      continue;
    }
    await queue.upsertJobScheduler(
      schedule.name,
      { pattern: schedule.cron, tz: schedule.timezone },
      { name: REPORT_JOB_NAME, data: { schedule: schedule.name }, opts: jobOptions },
    );
    upserted.push(schedule.name);
  }
  const wanted = new Set(enabled.map((schedule) => schedule.name));
  const removed: string[] = [];
  for (const existing of await queue.getJobSchedulers(0, -1)) {
    const id = existing.id ?? existing.key;
    // '@…' schedulers are not report schedules (the ingest scheduler keeps itself in step).
    if (!wanted.has(id) && !id.startsWith('@')) {
      await queue.removeJobScheduler(id);
      removed.push(id);
    }
  }
  return { upserted, unchanged, removed };
}
