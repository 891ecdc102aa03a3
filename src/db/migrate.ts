import type { Logger } from '../log.js';
import { sqlFile, sqlFilesIn } from '../queries/sql-files.js';
import type { Database, Queryable } from './database.js';

/** An arbitrary constant: the advisory-lock key that keeps two processes from migrating at once. */
const MIGRATION_LOCK = 4_711_2009;
/** The scoring refresh's lock (src/ingest/refresh-scores.ts). */
export const SCORE_REFRESH_LOCK = 'lgs-score-refresh';

/**
 * Applies the migrations in sql/migrations that this database has not seen, each in its own transaction,
 * in file-name order; each also forgets the stored results the code before it made
 * (forget_stored_results.sql), so an upgrade never leaves results of the old code current. Runs while no
 * scoring refresh does (the refresh's lock): one already under way would store old results after the
 * forget. Returns the names applied.
 */
export async function migrate(db: Database, log?: Logger): Promise<string[]> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migration (
       name text PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
    'schema_migration',
  );
  return db.withLock(SCORE_REFRESH_LOCK, async () => {
    const applied: string[] = [];
    for (const name of sqlFilesIn('migrations')) {
      const didApply = await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK], 'migration lock');
        const seen = await tx.query('SELECT 1 FROM schema_migration WHERE name = $1', [name], 'schema_migration');
        if (seen.length > 0) return false;
        await tx.exec(sqlFile(name), name);
        await forgetStoredResults(tx);
        await tx.query('INSERT INTO schema_migration (name) VALUES ($1)', [name], 'schema_migration');
        return true;
      });
      if (didApply) {
        applied.push(name);
        log?.info({ migration: name }, 'migration applied');
      }
    }
    if (applied.length > 0) log?.info('stored scorings and brief reads, if any, were forgotten with the migrations: the next ingest or load stores them again');
    return applied;
  });
}

/**
 * Forgets the RFM scorings and brief reads stored by the scoring step, and its record of the last refresh,
 * so the next ingest or load refreshes them (forget_stored_results.sql).
 */
export async function forgetStoredResults(db: Queryable): Promise<void> {
  await db.exec(sqlFile('stored/forget_stored_results'), 'stored/forget_stored_results');
}
