import type { IngestConfig } from '../config/schedules-schema.js';
import type { Queryable } from '../db/database.js';
import type { Logger } from '../log.js';
import { sqlFile } from '../queries/sql-files.js';
import { redactUrl } from '../text/redact-url.js';

/**
 * What each ingest source last did (table `ingest_source`, migration 0020), for `lgs quality` and the
 * owner's notice of a report held back as stale. Each run is recorded under the database's time when it
 * took the ingest lock (runs hold it one at a time): of two runs recorded out of order (two workers, the
 * scoring after the lock), the later one's look and failure are the ones shown.
 * Recording is best effort: a run that loaded its lines is not failed, nor its scores left unrefreshed,
 * because its record could not be written; that is logged.
 */

/**
 * How `lgs quality` and the stale-run notice name the source: 'folder <path>', 'table <name>', or 'table
 * <name> in <database>' when LGS_INGEST_SOURCE_URL names another database (without its password), as the
 * table's watermark tells the two apart.
 */
export function ingestSourceName(config: IngestConfig, sourceUrl: string | undefined): string {
  if (config.folder !== undefined) return `folder ${config.folder}`;
  return sourceUrl ? `table ${config.table!} in ${redactUrl(sourceUrl)}` : `table ${config.table!}`;
}

export interface IngestLook {
  startedAt: Date;
  addedLines: boolean;
  /** What waits on a person after the run: files it left unread, each with why. */
  needsAttention: string[];
}

export async function recordIngestLook(db: Queryable, log: Logger, source: string, look: IngestLook): Promise<void> {
  try {
    await db.query(sqlFile('ingest/record_ingest_look'), [source, look.startedAt, look.addedLines, look.needsAttention], 'ingest/record_ingest_look');
  } catch (error) {
    log.warn({ source, err: error }, 'ingest: could not record the run for lgs quality');
  }
}

export interface FailedIngest {
  /** Null: the run failed before it held the ingest lock, and is recorded at the database's time. */
  startedAt: Date | null;
  /** Loads of this run committed new lines before it failed (a folder's earlier files). */
  addedLines: boolean;
}

export async function recordIngestFailure(db: Queryable, log: Logger, source: string, run: FailedIngest, error: unknown): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  try {
    await db.query(sqlFile('ingest/record_ingest_failure'), [source, run.startedAt, reason, run.addedLines], 'ingest/record_ingest_failure');
  } catch (recordError) {
    log.warn({ source, err: recordError }, 'ingest: could not record the failure for lgs quality');
  }
}

/**
 * Forgets the sources the schedules file no longer runs (all of them without an enabled `ingest:`): a
 * folder or table replaced or switched off in the config would otherwise be shown for ever as a poller
 * that stopped looking.
 */
export async function forgetOtherIngestSources(db: Queryable, config: IngestConfig | undefined, sourceUrl: string | undefined): Promise<void> {
  const running = config?.enabled ? ingestSourceName(config, sourceUrl) : null;
  await db.query(sqlFile('ingest/forget_other_ingest_sources'), [running], 'ingest/forget_other_ingest_sources');
}
