import type { Queue } from 'bullmq';
import type { Database } from '../db/database.js';
import { UsageError } from '../errors.js';
import { requestResend, runById } from '../queries/run-queries.js';
import { REPORT_JOB_NAME, type ReportJobData } from './report-queue.js';

export interface ResendRequest {
  runId: number;
  schedule: string;
  period: string;
  /** The messages of the run that will go to the address again. */
  messages: string[];
  jobId: string;
}

/**
 * `lgs resend <run> <address>`: an admin's decision to send a run's report to one recipient again (the
 * worker never re-sends an uncertain delivery by itself). The recipient's deliveries wait to be sent
 * again, with their original Message-IDs, and a job re-drives the run; other recipients are untouched.
 */
export async function resendToRecipient(db: Database, queue: Queue<ReportJobData>, runId: number, address: string): Promise<ResendRequest> {
  const run = await runById(db, runId);
  if (!run) throw new UsageError(`there is no run ${runId} in the run log (lgs runs lists them)`, { runId });
  const reset = await requestResend(db, runId, address);
  if (reset.length === 0) {
    const recipients = await db.query<{ recipient: string }>("SELECT DISTINCT recipient FROM delivery WHERE run_id = $1 AND kind <> 'owner' ORDER BY recipient", [runId], 'resend recipients');
    throw new UsageError(`run ${runId} (${run.schedule} ${run.period}) was not addressed to ${address}; its recipients: ${recipients.map((r) => r.recipient).join(', ') || 'none yet'}`, { runId, address });
  }
  const job = await queue.add(REPORT_JOB_NAME, { schedule: run.schedule, runId, manual: true, requestedAt: Date.now() });
  return { runId, schedule: run.schedule, period: run.period, messages: reset.map((r) => r.message_key), jobId: String(job.id) };
}
