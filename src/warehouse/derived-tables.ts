import type { Queryable } from '../db/database.js';
import { sqlFile, sqlFilesIn } from '../queries/sql-files.js';

/**
 * Rebuilds every table in sql/derived from invoice_line, in file-name order (later ones read earlier ones).
 * A full rebuild takes about 2 s on the real data, well within the load budget, and can never drift from
 * the lines the way an incremental update could.
 */
export async function rebuildDerivedTables(tx: Queryable): Promise<void> {
  for (const name of sqlFilesIn('derived')) await tx.exec(sqlFile(name), name);
}
