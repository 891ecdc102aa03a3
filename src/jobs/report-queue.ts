import { Queue, type JobsOptions } from 'bullmq';
import type { Environment } from '../config/environment.js';

/** What a report job carries: the schedule's name (its definition is read from the current config). */
export interface ReportJobData {
  schedule: string;
  /** Set by `lgs run`: runs even a disabled schedule, once, now. */
  manual?: boolean;
  /** When the run was asked for (ms since epoch); scheduled jobs use their planned fire time. */
  requestedAt?: number;
}

export const REPORT_JOB_NAME = 'report';

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
