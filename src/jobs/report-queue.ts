import { Queue, type JobsOptions } from 'bullmq';
import type { Environment } from '../config/environment.js';

/** What a report job carries: the schedule's name (its definition is read from the current config). */
export interface ReportJobData {
  schedule: string;
  /** Set by `lgs run`: runs even a disabled schedule, once, now. */
  manual?: boolean;
  /** When the run was asked for (ms since epoch); scheduled jobs use their planned fire time. */
  requestedAt?: number;
  /** Re-drive this run of the run log (reconciler, `lgs resend`): its own period and as-of. */
  runId?: number;
}

/** The planned fire time of a job: asked-for time, else (a scheduler's job, created ahead) timestamp + delay. */
export function plannedFireTime(job: { data: ReportJobData; timestamp: number; opts: { delay?: number } }): Date {
  return new Date(job.data.requestedAt ?? job.timestamp + (job.opts.delay ?? 0));
}

export const REPORT_JOB_NAME = 'report';
/**
 * A refresh of the stored scores the ingest's cron put off (LGS_SCORE_REFRESH_MINUTES), queued by the
 * reconciler once it is due; its `schedule` is SCORES_JOB_DATA's, which no schedule's name can be ('@').
 */
export const SCORES_JOB_NAME = 'refresh-scores';
export const SCORES_JOB_DATA: ReportJobData = { schedule: '@scores' };

export function connectionOf(environment: Environment) {
  // BullMQ needs blocking commands to wait forever rather than fail after ioredis' default retries.
  return { url: environment.REDIS_URL, maxRetriesPerRequest: null };
}

export function reportJobOptions(environment: Environment): JobsOptions {
  return {
    attempts: environment.LGS_JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: environment.LGS_JOB_BACKOFF_MS },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 5000 },
  };
}

export function createReportQueue(environment: Environment): Queue<ReportJobData> {
  return new Queue<ReportJobData>(environment.LGS_QUEUE, { connection: connectionOf(environment), defaultJobOptions: reportJobOptions(environment) });
}
