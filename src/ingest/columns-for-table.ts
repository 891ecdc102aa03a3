import { access } from 'node:fs/promises';
import { readSchedules } from '../config/schedules-file.js';
import { TABLE_COLUMN_DEFAULTS, type TableColumns } from '../config/schedules-schema.js';

/**
 * The column names of `table`: those of the `ingest: { table, columns }` entry of the schedules file when it
 * names the same table, else the seed warehouse's. A schedules file that exists but is invalid is reported
 * (with file, line and field), not silently ignored.
 */
export async function columnsForTable(table: string, schedulesPath: string): Promise<TableColumns> {
  const exists = await access(schedulesPath).then(() => true, () => false);
  if (!exists) return TABLE_COLUMN_DEFAULTS;
  const config = await readSchedules(schedulesPath);
  const ingest = config.ingest;
  return ingest?.table === table ? (ingest.columns ?? TABLE_COLUMN_DEFAULTS) : TABLE_COLUMN_DEFAULTS;
}
