import type { Queryable } from '../db/database.js';
import type { Logger } from '../log.js';
import { sqlFile, sqlFilesIn } from '../queries/sql-files.js';

/**
 * Refreshes every table in sql/derived from the load's new distinct lines (the relation `new_line`), in
 * file-name order (later scripts read what earlier ones left). Each table combines across loads (sums,
 * counts, minima; customers and product descriptions recomputed for the keys touched), so a sequence of
 * loads leaves the same tables as one load of all their lines, at a cost that follows the new lines.
 */
export async function refreshDerivedTables(tx: Queryable, log?: Logger): Promise<void> {
  for (const name of sqlFilesIn('derived')) {
    const started = performance.now();
    await tx.exec(sqlFile(name), name);
    log?.debug({ script: name, ms: Math.round(performance.now() - started) }, 'derived table refreshed');
  }
}
