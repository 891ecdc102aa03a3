import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { runQuery, runSingleRowQuery } from './run-query.js';
import { sqlFile as sqlText } from './sql-files.js';

/** Typed access to the run log (sql/runs): runs, their archived documents, and deliveries. */
const count = z.number().int();
const text = z.string();

export type RunStatus = 'running' | 'produced' | 'sent' | 'failed';
const openedRun = z.object({ run_id: count, status: z.enum(['running', 'produced', 'sent', 'failed']), attempts: count, summary: z.unknown() });
export type OpenedRun = z.infer<typeof openedRun>;

/** `attempt`: the job's attempt number, 1 for a new firing (scheduler, run now, `lgs run`), more for its retries. */
export const openRun = (db: Queryable, schedule: string, period: string, report: string, asOf: string, attempt = 1) =>
  runSingleRowQuery(db, 'runs/open_run', [schedule, period, report, asOf, attempt], openedRun);

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
export const ensureDeliveries = (db: Queryable, runId: number, messageKey: string, recipients: { address: string; kind: RecipientKind }[], messageId: string) =>
  db.query(sqlText('runs/ensure_deliveries'), [runId, messageKey, recipients.map((r) => r.address), recipients.map((r) => r.kind), messageId], 'runs/ensure_deliveries');

const unsentRow = z.object({ recipient: text, kind: z.enum(['to', 'cc', 'owner']), message_id: text, attempts: count });
export const unsentDeliveries = (db: Queryable, runId: number, messageKey: string) => runQuery(db, 'runs/unsent_deliveries', [runId, messageKey], unsentRow);

export const recordDeliveryAttempt = (db: Queryable, runId: number, messageKey: string, recipients: readonly string[], status: 'sent' | 'failed', error: string | null) =>
  db.query(sqlText('runs/record_delivery_attempt'), [runId, messageKey, recipients, status, error], 'runs/record_delivery_attempt');

const recentRunRow = z.object({
  run_id: count, schedule: text, period: text, report: text, status: text, attempts: count, firings: count, retries: count, error: text.nullable(),
  timings: z.record(z.string(), z.number()), started_at: text, sent: count, unsent: count,
});
export type RecentRun = z.infer<typeof recentRunRow>;
export const recentRuns = (db: Queryable, howMany: number) => runQuery(db, 'runs/recent_runs', [howMany], recentRunRow);

