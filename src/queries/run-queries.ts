import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { DeliveryOutcome } from '../mail/accepted-journal.js';
import { runQuery, runSingleRowQuery } from './run-query.js';
import { sqlFile as sqlText } from './sql-files.js';

/** Typed access to the run log (sql/runs): runs, their archived documents, and deliveries. */
const count = z.number().int();
const text = z.string();

export const RUN_STATUSES = ['running', 'produced', 'sent', 'failed', 'stale', 'uncertain'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** A run in one of these is done: nothing more is sent without an admin asking. */
export const FINISHED_STATUSES: readonly RunStatus[] = ['sent', 'failed', 'uncertain'];
const openedRun = z.object({ run_id: count, status: z.enum(RUN_STATUSES), attempts: count, summary: z.unknown() });
export type OpenedRun = z.infer<typeof openedRun>;

/** `attempt`: the job's attempt number, 1 for a new firing (scheduler, run now, `lgs run`), more for its retries. */
export const openRun = (db: Queryable, schedule: string, period: string, report: string, asOf: string, firedAt: Date, attempt = 1) =>
  runSingleRowQuery(db, 'runs/open_run', [schedule, period, report, asOf, firedAt.toISOString(), attempt], openedRun);

const runRow = z.object({ run_id: count, schedule: text, period: text, report: text, status: z.enum(RUN_STATUSES), as_of: text });
export type RunRow = z.infer<typeof runRow>;
export const runById = async (db: Queryable, runId: number): Promise<RunRow | undefined> => (await runQuery(db, 'runs/run_by_id', [runId], runRow))[0];

export const setRunStatus = (db: Queryable, runId: number, status: RunStatus, error: string | null, timings: Record<string, number> = {}) =>
  db.query(sqlText('runs/set_run_status'), [runId, status, error, JSON.stringify(timings)], 'runs/set_run_status');

export const setRunSummary = (db: Queryable, runId: number, summary: unknown) =>
  db.query(sqlText('runs/set_run_summary'), [runId, JSON.stringify(summary)], 'runs/set_run_summary');

export interface DocumentRecord {
  messageKey: string;
  archiveKey: string;
  fileName: string;
  contentType: string;
  bytes: number;
  sha256: string;
  segment: string | null;
}

export const addDocument = (db: Queryable, runId: number, position: number, d: DocumentRecord) =>
  db.query(sqlText('runs/add_document'), [runId, position, d.messageKey, d.archiveKey, d.fileName, d.contentType, d.bytes, d.sha256, d.segment], 'runs/add_document');

const documentRow = z.object({ message_key: text, archive_key: text, file_name: text, content_type: text, bytes: count, sha256: text, segment: text.nullable() });
export async function runDocuments(db: Queryable, runId: number): Promise<DocumentRecord[]> {
  const rows = await runQuery(db, 'runs/run_documents', [runId], documentRow);
  return rows.map((r) => ({ messageKey: r.message_key, archiveKey: r.archive_key, fileName: r.file_name, contentType: r.content_type, bytes: r.bytes, sha256: r.sha256, segment: r.segment }));
}

export type RecipientKind = 'to' | 'cc' | 'owner';
export const ensureDeliveries = (db: Queryable, runId: number, messageKey: string, recipients: { address: string; kind: RecipientKind; messageId: string }[]) =>
  db.query(
    sqlText('runs/ensure_deliveries'),
    [runId, messageKey, recipients.map((r) => r.address), recipients.map((r) => r.kind), recipients.map((r) => r.messageId)],
    'runs/ensure_deliveries',
  );

const unsentRow = z.object({ recipient: text, kind: z.enum(['to', 'cc', 'owner']), message_id: text, attempts: count });
export const unsentDeliveries = (db: Queryable, runId: number, messageKey: string) => runQuery(db, 'runs/unsent_deliveries', [runId, messageKey], unsentRow);

export const recordDeliveryAttempt = (
  db: Queryable, runId: number, messageKey: string, recipients: readonly string[], status: DeliveryOutcome['status'], error: string | null, smtpReply: string | null = null,
) => db.query(sqlText('runs/record_delivery_attempt'), [runId, messageKey, recipients, status, error, smtpReply], 'runs/record_delivery_attempt');

/** Takes one delivery for sending (committed); false when it is not waiting to be sent any more. */
export const markSending = async (db: Queryable, runId: number, messageKey: string, recipient: string) =>
  (await db.query(sqlText('runs/mark_sending'), [runId, messageKey, recipient], 'runs/mark_sending')).length === 1;

const interruptedRow = z.object({ message_key: text, recipient: text });
export const interruptedDeliveries = (db: Queryable, runId: number) => runQuery(db, 'runs/interrupted_deliveries', [runId], interruptedRow);

const countsRow = z.object({ unsent: count, uncertain: z.array(text) });
export const deliveryCounts = (db: Queryable, runId: number, messageKeys: readonly string[]) => runSingleRowQuery(db, 'runs/delivery_counts', [runId, messageKeys], countsRow);

const resentRow = z.object({ message_key: text, recipient: text });
export const requestResend = (db: Queryable, runId: number, recipient: string) => runQuery(db, 'runs/request_resend', [runId, recipient], resentRow);

export const installId = async (db: Queryable) => (await runSingleRowQuery(db, 'runs/install_id', [], z.object({ install_id: text }))).install_id;

export const noteScheduleDefinition = (db: Queryable, schedule: string, definition: string, now: Date) =>
  db.query(sqlText('runs/note_schedule_definition'), [schedule, definition, now.toISOString()], 'runs/note_schedule_definition');
export const scheduleSince = async (db: Queryable, schedule: string): Promise<number | undefined> =>
  (await runQuery(db, 'runs/schedule_since', [schedule], z.object({ since_ms: z.number() })))[0]?.since_ms;

const reconcileRow = z.object({ run_id: count, schedule: text, period: text, status: z.enum(RUN_STATUSES), attempts: count, as_of: text, idle_ms: z.number(), fired_ms: z.number().nullable() });
export type ReconcileRun = z.infer<typeof reconcileRow>;
export const runsToReconcile = (db: Queryable, schedules: readonly string[], duePeriodKeys: readonly string[], windowStart: Date) =>
  runQuery(db, 'runs/runs_to_reconcile', [schedules, duePeriodKeys, windowStart.toISOString()], reconcileRow);

const recentRunRow = z.object({
  run_id: count, schedule: text, period: text, report: text, status: text, attempts: count, firings: count, retries: count, error: text.nullable(),
  timings: z.record(z.string(), z.number()), started_at: text, sent: count, outbox: count, unsent: count, uncertain: z.array(text),
});
export type RecentRun = z.infer<typeof recentRunRow>;
export const recentRuns = (db: Queryable, howMany: number) => runQuery(db, 'runs/recent_runs', [howMany], recentRunRow);

