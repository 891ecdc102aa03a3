import type { Environment } from '../config/environment.js';
import { openSourceDatabase } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Progress } from '../progress/progress.js';
import { loadFile, type LoadSummary } from '../warehouse/load.js';
import { columnsForTable } from './columns-for-table.js';
import { loadTable } from './table-source.js';

/**
 * `lgs load <file>` or `lgs load --from-table <table> [--source-url <url>] [--full] [--lookback-hours <n>]`; without --source-url
 * the table is read from LGS_INGEST_SOURCE_URL when set, else from the warehouse's database.
 */
export async function loadFromCommandLine(
  db: Database,
  file: string | undefined,
  options: { fromTable?: string; sourceUrl?: string; full?: boolean; lookbackHours?: string },
  context: { log: Logger; progress: Progress; environment: Environment; encoding?: string },
): Promise<LoadSummary> {
  if (file && options.fromTable) throw new UsageError('give either a file or --from-table, not both', { file, table: options.fromTable });
  if (!options.fromTable) {
    if (!file) throw new UsageError('lgs load needs a file, or --from-table <table>', {});
    if (options.sourceUrl || options.full || Number(options.lookbackHours ?? 0) !== 0) throw new UsageError('--source-url, --full and --lookback-hours go with --from-table', {});
    return loadFile(db, file, { log: context.log, progress: context.progress, encoding: context.encoding });
  }
  if (options.sourceUrl && !/^postgres(ql)?:\/\//.test(options.sourceUrl)) {
    throw new UsageError(`--source-url must be a postgres:// or postgresql:// URL`, { option: 'source-url' });
  }
  const lookbackHours = Number(options.lookbackHours ?? '0');
  if (!/^\d{1,4}$/.test(options.lookbackHours ?? '0') || lookbackHours > 8760) {
    throw new UsageError(`--lookback-hours must be a whole number of hours from 0 to 8760 (got "${options.lookbackHours}"); to read every row use --full`, { option: 'lookback-hours', value: options.lookbackHours });
  }
  if (options.full && lookbackHours > 0) throw new UsageError('--full reads every row already: leave out --lookback-hours', { option: 'lookback-hours' });
  const columns = await columnsForTable(options.fromTable, context.environment.LGS_SCHEDULES);
  // The worker's ingest reads the table where LGS_INGEST_SOURCE_URL says; so does this command, unless told.
  const sourceUrl = options.sourceUrl ?? context.environment.LGS_INGEST_SOURCE_URL;
  const sourceDb = sourceUrl ? await openSourceDatabase(sourceUrl, context.environment) : undefined;
  try {
    return await loadTable(db, { table: options.fromTable, columns, sourceDb, full: options.full, lookbackHours }, { log: context.log });
  } finally {
    await sourceDb?.close();
  }
}
