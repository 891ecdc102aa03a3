import type { IngestConfig } from '../config/schedules-schema.js';
import type { Queryable } from '../db/database.js';
import type { Logger } from '../log.js';
import { sqlFile } from '../queries/sql-files.js';

/**
 * What each ingest source last did (table `ingest_source`, migration 0020), for `lgs quality` and the
 * owner's notice of a report held back as stale. Each run is recorded under the time it started: of two
 * runs recorded out of order (two workers), the later-started one's look and failure are the ones shown.
 * Recording is best effort: a run that loaded its lines is not failed, nor its scores left unrefreshed,
 * because its record could not be written; that is logged.
 */

/** How `lgs quality` and the stale-run notice name the source: 'folder <path>' or 'table <name>'. */
export function ingestSourceName(config: IngestConfig): string {
  return config.folder !== undefined ? `folder ${config.folder}` : `table ${config.table!}`;
}

export interface IngestLook {
  startedAt: Date;
  addedLines: boolean;
  /** What waits on a person after the run: files it left unread, each with why. */
  needsAttention: string[];
}

export async function recordIngestLook(db: Queryable, log: Logger, source: string, look: IngestLook): Promise<void> {
  await db
    .query(sqlFile('ingest/record_ingest_look'), [source, look.startedAt, look.addedLines, look.needsAttention], 'ingest/record_ingest_look')
    .catch((error: unknown) => log.warn({ source, err: error }, 'ingest: could not record the run for lgs quality'));
}

export async function recordIngestFailure(db: Queryable, log: Logger, source: string, startedAt: Date, error: unknown): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  await db
    .query(sqlFile('ingest/record_ingest_failure'), [source, startedAt, reason], 'ingest/record_ingest_failure')
    .catch((recordError: unknown) => log.warn({ source, err: recordError }, 'ingest: could not record the failure for lgs quality'));
}

/**
 * Forgets the sources the schedules file no longer names (all of them when it has no `ingest:`): a folder
 * or table replaced in the config would otherwise be shown for ever as a poller that stopped looking.
 */
export async function forgetOtherIngestSources(db: Queryable, config: IngestConfig | undefined): Promise<void> {
  await db.query(sqlFile('ingest/forget_other_ingest_sources'), [config ? ingestSourceName(config) : null], 'ingest/forget_other_ingest_sources');
}
