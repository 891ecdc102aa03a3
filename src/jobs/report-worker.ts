import { Worker, type Job } from 'bullmq';
import type { Environment } from '../config/environment.js';
import type { SchedulesFile } from '../config/schedules-schema.js';
import { LockBusyError } from '../errors.js';
import { INGEST_JOB_NAME, runIngest, type IngestOutcome } from '../ingest/ingest-job.js';
import { refreshScoresIfBehind } from '../ingest/refresh-scores.js';
import type { Logger } from '../log.js';
import { runScheduledReport, type RunOutcome, type ScheduledRunServices } from '../report/scheduled-run.js';
import { connectionOf, plannedFireTime, SCORES_JOB_NAME, type ReportJobData } from './report-queue.js';

export type JobResult = RunOutcome | IngestOutcome | { scoresRefreshed: boolean } | { skipped: string };

/**
 * The BullMQ worker: takes report jobs off the queue and runs them. Stateless: any number of these, on any
 * number of machines, can share one Redis; the run log in PostgreSQL keeps each run and delivery single.
 */
export function createReportWorker(
  environment: Environment,
  currentConfig: () => SchedulesFile,
  services: ScheduledRunServices,
  log: Logger,
  hooks: { onNewData?: () => void } = {},
): Worker<ReportJobData, JobResult> {
  const ingest = async (lockWaitMs?: number) => {
    const config = currentConfig().ingest;
    if (!config) return undefined;
    return runIngest({ db: services.db, log, environment }, config, { onAddedLines: () => hooks.onNewData?.(), lockWaitMs });
  };
  /**
   * Another process's ingest (a worker's, an operator's `lgs ingest`) is waited for, but no longer than
   * the lock time limit: a holder that stopped without ending its session (suspended, its host cut off
   * until TCP keepalive gives up, hours) would otherwise hold every report back without a word. The report
   * then goes on with the data in; the stale-data guard still holds back a period the data does not cover.
   */
  const ingestBeforeReport = async () => {
    try {
      await ingest(environment.LGS_DB_LOCK_TIMEOUT_MS);
    } catch (error) {
      if (!(error instanceof LockBusyError)) throw error;
      log.warn({ waitedMs: environment.LGS_DB_LOCK_TIMEOUT_MS }, 'another ingest has held its lock for longer than LGS_DB_LOCK_TIMEOUT_MS: the report goes on without an ingest of its own');
    }
  };
  const process = async (job: Job<ReportJobData, JobResult>): Promise<JobResult> => {
    if (job.name === INGEST_JOB_NAME) return (await ingest()) ?? { skipped: 'no ingest configured' };
    if (job.name === SCORES_JOB_NAME) {
      // Due when the reconciler queued it: a refresh that ended since, having seen an older load only,
      // must not make this one give up (the reconciler would not queue it again for this load).
      const refreshOptions = { staleToleranceHours: environment.LGS_STALE_TOLERANCE_HOURS };
      return { scoresRefreshed: await refreshScoresIfBehind(services.db, log, 'the reconciler found them due', refreshOptions) };
    }
    // A report reads what has arrived: the ingest runs first (a failed ingest is logged; the report goes on).
    if (currentConfig().ingest?.enabled) await ingestBeforeReport().catch((error: Error) => log.warn({ err: error.message }, 'ingest before the report failed'));
    const schedule = currentConfig().schedules.find((candidate) => candidate.name === job.data.schedule);
    if (!schedule) {
      log.warn({ job: job.id, schedule: job.data.schedule }, 'job for a schedule that is no longer configured: skipped');
      return { skipped: 'schedule not configured' };
    }
    if (!schedule.enabled && !job.data.manual) return { skipped: 'schedule disabled' };
    const firedAt = plannedFireTime(job);
    const attempts = job.opts.attempts ?? 1;
    const isLastAttempt = job.attemptsMade + 1 >= attempts;
    log.info({ job: job.id, schedule: schedule.name, runId: job.data.runId, attempt: job.attemptsMade + 1, of: attempts }, 'run started');
    return runScheduledReport(services, schedule, firedAt, { isLastAttempt, attempt: job.attemptsMade + 1, runId: job.data.runId });
  };
  const worker = new Worker<ReportJobData, JobResult>(environment.LGS_QUEUE, process, {
    connection: connectionOf(environment),
    concurrency: environment.LGS_WORKER_CONCURRENCY,
    lockDuration: environment.LGS_JOB_LOCK_MS,
    stalledInterval: Math.max(250, Math.floor(environment.LGS_JOB_LOCK_MS / 2)),
    maxStalledCount: 3,
  });
  worker.on('failed', (job, error) => log.warn({ job: job?.id, name: job?.name, schedule: job?.data.schedule, attempt: job?.attemptsMade, err: error.message }, `${job?.name ?? 'job'} attempt failed`));
  worker.on('error', (error) => log.error({ err: error.message }, 'worker error'));
  return worker;
}
