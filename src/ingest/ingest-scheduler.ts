import type { JobsOptions, Queue } from 'bullmq';
import type { SchedulesFile } from '../config/schedules-schema.js';
import type { ReportJobData } from '../jobs/report-queue.js';
import { INGEST_JOB_NAME, INGEST_SCHEDULER_ID } from './ingest-job.js';

/**
 * Keeps the queue's ingest scheduler in step with `ingest:` in the schedules file: there with its cron and
 * time zone when configured and enabled, gone otherwise. Left alone when unchanged (an upsert would drop a
 * due job that is still waiting).
 */
export async function syncIngestScheduler(queue: Queue<ReportJobData>, config: SchedulesFile, jobOptions: JobsOptions): Promise<'upserted' | 'unchanged' | 'removed' | 'none'> {
  const ingest = config.ingest;
  const existing = await queue.getJobScheduler(INGEST_SCHEDULER_ID);
  if (!ingest || !ingest.enabled) {
    if (!existing) return 'none';
    await queue.removeJobScheduler(INGEST_SCHEDULER_ID);
    return 'removed';
  }
  if (existing && existing.pattern === ingest.cron && existing.tz === ingest.timezone && existing.template?.opts?.attempts === jobOptions.attempts) return 'unchanged';
  await queue.upsertJobScheduler(
    INGEST_SCHEDULER_ID,
    { pattern: ingest.cron, tz: ingest.timezone },
    { name: INGEST_JOB_NAME, data: { schedule: INGEST_SCHEDULER_ID }, opts: jobOptions },
  );
  return 'upserted';
}
