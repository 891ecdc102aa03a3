import { z } from 'zod';
import { DEFAULT_LOOKBACK_HOURS, TABLE_COLUMN_DEFAULTS, type IngestConfig } from '../config/schedules-schema.js';
import type { Database } from '../db/database.js';
import type { Environment } from '../config/environment.js';
import { openSourceDatabase } from '../db/connect.js';
import type { Logger } from '../log.js';
import { ingestDropFolder, type DropFolderOutcome } from './drop-folder.js';
import { loadTable } from './table-source.js';
import { refreshScoresIfBehind } from './refresh-scores.js';
import { ingestSourceName, recordIngestFailure, recordIngestLook } from './ingest-status.js';
import { runSingleRowQuery } from '../queries/run-query.js';
import { LockBusyError } from '../errors.js';

/**
 * The worker's ingest: what `ingest:` in the schedules file names (a drop folder or a table), run on its
 * cron as a job of the report queue, and also right before every report run so a report never reads data
 * older than what has arrived. One ingest at a time across all workers (an advisory lock): a second one
 * waits and then finds nothing new.
 */
export const INGEST_JOB_NAME = 'ingest';
/** The advisory lock one ingest at a time holds. */
export const INGEST_LOCK = 'lgs-ingest';
/** Its job scheduler's id; '@' cannot start a schedule's name, so it never collides with one. */
export const INGEST_SCHEDULER_ID = '@ingest';

export type IngestOutcome =
  | ({ source: 'folder'; folder: string } & DropFolderOutcome)
  | { source: 'table'; table: string; newLines: number; linesRead: number; linesRejected: number };

export interface IngestServices {
  db: Database;
  log: Logger;
  /** LGS_INGEST_SETTLE_MS, and LGS_INGEST_SOURCE_URL (the database of an ingest table, when it is not the warehouse's) with the database time limits. */
  environment: Environment;
}

/** New lines in the warehouse after this ingest? (Then stale runs may now be covered.) */
export function addedLines(outcome: IngestOutcome): boolean {
  return outcome.source === 'table' ? outcome.newLines > 0 : [...outcome.loaded, ...outcome.unmovable].some((file) => (file.newLines ?? 0) > 0);
}

const startedRow = z.object({ started_at: z.date() });

/** What waits on a person after a run: the files it left unread or could not move, each with why. */
function needsAttention(outcome: IngestOutcome): string[] {
  return outcome.source === 'folder' ? [...outcome.unreadable, ...outcome.unmovable].map((file) => `${file.file}: ${file.reason}`) : [];
}

export interface IngestRunOptions {
  /** Scores behind the data are refreshed unless their last refresh is younger than this (default LGS_SCORE_REFRESH_MINUTES). */
  scoreRefreshMinutes?: number;
  /**
   * Told once a run has added lines, also a run that failed after them (a folder's third file, the
   * scoring): stale runs may now be covered, and waiting for the reconciler's next look would delay them.
   */
  onAddedLines?: () => void;
  /** Gives up (LockBusyError, nothing recorded) when another run still holds the ingest lock after this many ms. */
  lockWaitMs?: number;
}

export async function runIngest(services: IngestServices, config: IngestConfig, options: IngestRunOptions = {}): Promise<IngestOutcome> {
  const { db, log } = services;
  const source = ingestSourceName(config, services.environment.LGS_INGEST_SOURCE_URL);
  // The database's clock once this run holds the ingest lock: the key its record is kept in order by. Set
  // inside the lock's callback, which the compiler's narrowing does not follow (hence the assertion).
  let startedAt = null as Date | null;
  let outcome: IngestOutcome | undefined;
  // Set as soon as a load commits new lines: a folder run that fails on its third file has loaded two.
  const progress = { addedLines: false };
  try {
    outcome = await db.withLock(
      INGEST_LOCK,
      async () => {
        startedAt = (await runSingleRowQuery(db, 'ingest/ingest_run_started', [], startedRow)).started_at;
        return ingestOnce(services, config, progress);
      },
      { waitMs: options.lockWaitMs },
    );
    // Scores belong to ingest: a report reads them and never computes them while printing. Refreshed after
    // new lines, at most every LGS_SCORE_REFRESH_MINUTES (a scheduled run brings them up to date before it
    // makes its documents, and the reconciler once that time has passed), or when an earlier ingest was
    // stopped before its refresh finished.
    await refreshScoresIfBehind(db, log, 'ingest', {
      staleToleranceHours: services.environment.LGS_STALE_TOLERANCE_HOURS,
      notWithinMinutes: options.scoreRefreshMinutes ?? services.environment.LGS_SCORE_REFRESH_MINUTES,
    });
    return outcome;
  } catch (error) {
    // Not this run's failure: another run is ingesting, and records its own outcome.
    if (!(error instanceof LockBusyError)) await recordIngestFailure(db, log, source, { startedAt, addedLines: progress.addedLines }, error);
    throw error;
  } finally {
    // A run that loaded its lines and failed after them (in the scoring) records both: the new lines stay
    // known, and its failure shows (the same start).
    if (outcome && startedAt) await recordIngestLook(db, log, source, { startedAt, addedLines: addedLines(outcome), needsAttention: needsAttention(outcome) });
    if (progress.addedLines || (outcome && addedLines(outcome))) options.onAddedLines?.();
  }
}

/** One run's work, under the ingest lock. */
async function ingestOnce(services: IngestServices, config: IngestConfig, progress: { addedLines: boolean }): Promise<IngestOutcome> {
  const { db, log } = services;
  if (config.folder !== undefined) {
    const onLoaded = (file: { newLines: number }) => {
      if (file.newLines > 0) progress.addedLines = true;
    };
    const outcome = await ingestDropFolder(db, config.folder, { settleMs: services.environment.LGS_INGEST_SETTLE_MS, log, onLoaded });
    return { source: 'folder', folder: config.folder, ...outcome };
  }
  const sourceUrl = services.environment.LGS_INGEST_SOURCE_URL;
  const sourceDb = sourceUrl ? await openSourceDatabase(sourceUrl, services.environment) : undefined;
  try {
    const table = config.table!; // the schema allows a folder or a table, exactly one
    const summary = await loadTable(db, { table, columns: config.columns ?? TABLE_COLUMN_DEFAULTS, sourceDb, lookbackHours: config.lookbackHours ?? DEFAULT_LOOKBACK_HOURS }, { log });
    return { source: 'table', table, newLines: summary.newLines, linesRead: summary.linesRead, linesRejected: summary.linesRejected };
  } finally {
    await sourceDb?.close();
  }
}
