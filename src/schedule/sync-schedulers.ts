import type { Queue } from 'bullmq';
import type { SchedulesFile } from '../config/schedules-schema.js';
import { REPORT_JOB_NAME, type ReportJobData } from '../jobs/report-queue.js';
import type { JobsOptions } from 'bullmq';

/**
 * Makes the queue's job schedulers match the config: one per enabled schedule (upsertJobScheduler with its
 * cron pattern and time zone; `queue.add(..., { repeat })` would silently run once in current BullMQ),
 * none for disabled or deleted ones. Idempotent, so it is safe to call on every change and reconnect.
 */
export async function syncSchedulers(queue: Queue<ReportJobData>, config: SchedulesFile, jobOptions: JobsOptions) {
  const enabled = config.schedules.filter((schedule) => schedule.enabled);
  for (const schedule of enabled) {
    await queue.upsertJobScheduler(
      schedule.name,
      { pattern: schedule.cron, tz: schedule.timezone },
      { name: REPORT_JOB_NAME, data: { schedule: schedule.name }, opts: jobOptions },
    );
  }
  const wanted = new Set(enabled.map((schedule) => schedule.name));
  const removed: string[] = [];
  for (const existing of await queue.getJobSchedulers(0, -1)) {
    const id = existing.id ?? existing.key;
    if (!wanted.has(id)) {
      await queue.removeJobScheduler(id);
      removed.push(id);
    }
  }
  return { upserted: enabled.map((schedule) => schedule.name), removed };
}
