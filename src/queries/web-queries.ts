import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { runQuery } from './run-query.js';

/** Typed queries of the managers' page (sql/web). */
const count = z.number().int();
const text = z.string();

const archivedDocument = z.object({
  run_id: count, position: count, schedule: text, period: text, report: text, segment: text.nullable(), file_name: text,
  content_type: text, bytes: count, created_at: text, status: text,
});
export type ArchivedDocument = z.infer<typeof archivedDocument>;
export const archivedDocuments = (db: Queryable, filter: { schedule?: string; from?: string; to?: string }) =>
  runQuery(db, 'web/archived_documents', [filter.schedule ?? null, filter.from ?? null, filter.to ?? null], archivedDocument);

const documentRow = z.object({ archive_key: text, file_name: text, content_type: text, bytes: count, sha256: text });
export const documentAt = async (db: Queryable, runId: number, position: number) => (await runQuery(db, 'web/document', [runId, position], documentRow))[0];

const deliveryRow = z.object({
  run_id: count, message_key: text, recipient: text, kind: text, status: text, attempts: count, last_error: text.nullable(), sent_at: text.nullable(),
});
export type DeliveryRow = z.infer<typeof deliveryRow>;
export const deliveriesOf = (db: Queryable, runIds: readonly number[]) => runQuery(db, 'web/deliveries', [runIds], deliveryRow);

export const ping = (db: Queryable) => runQuery(db, 'web/ping', [], z.object({ ok: count }));

export const sessionRevoked = async (db: Queryable, sessionId: string) =>
  (await runQuery(db, 'web/session_revoked', [sessionId], z.object({ revoked: count }))).length > 0;

/** `now` and `endsAt` in ms since 1970 (the page's clock, so tests can move it). */
export const revokeSession = (db: Queryable, sessionId: string, now: number, endsAt: number) =>
  runQuery(db, 'web/revoke_session', [sessionId, now, endsAt], z.object({}));
