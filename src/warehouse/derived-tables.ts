import type { Queryable } from '../db/database.js';
import type { Logger } from '../log.js';
import { sqlFile, sqlFilesIn } from '../queries/sql-files.js';

/**
 * Refreshes every table in sql/derived from the load's new distinct lines (the relation `new_line`), in
 * file-name order (later scripts read what earlier ones left). Each table combines across loads (sums,
 * counts, minima; customers and product descriptions recomputed for the keys touched), so a sequence of
 * loads leaves the same tables as one load of all their lines, at a cost that follows the new lines.
 */
export async function refreshDerivedTables(tx: Queryable, options: { firstLoad: boolean; log?: Logger }): Promise<void> {
  const { firstLoad, log } = options;
  for (const name of sqlFilesIn('derived')) {
    const started = performance.now();
    await tx.exec(sqlFile(name), name);
    // A first load fills `invoice` from nothing, and the scripts after 01 read it by customer: without
    // statistics 07_customer_order_total's plan took 0.22-0.28 s on the full file, 0.07-0.08 s with them,
    // the ANALYZE included. Later loads keep the statistics autovacuum took.
    if (firstLoad && name === 'derived/01_invoice') await tx.exec('ANALYZE invoice', 'analyze invoice');
    log?.debug({ script: name, ms: Math.round(performance.now() - started) }, 'derived table refreshed');
  }
}
