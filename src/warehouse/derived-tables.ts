import type { Queryable } from '../db/database.js';
import type { Logger } from '../log.js';
import { sqlFile, sqlFilesIn } from '../queries/sql-files.js';

/**
 * Rebuilds every table in sql/derived from invoice_line, in file-name order (later ones read earlier ones).
 * A full rebuild takes about 3 s on the real data (bench/results.md), within the load budget, and can never drift from
 * the lines the way an incremental update could.
 */
export async function rebuildDerivedTables(tx: Queryable, log?: Logger): Promise<void> {
  for (const name of sqlFilesIn('derived')) {
    const started = performance.now();
    await tx.exec(sqlFile(name), name);
    log?.debug({ script: name, ms: Math.round(performance.now() - started) }, 'derived table rebuilt');
  }
}
