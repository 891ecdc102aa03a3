import type { Environment } from '../config/environment.js';
import { openSourceDatabase } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Progress } from '../progress/progress.js';
import { loadFile, type LoadSummary } from '../warehouse/load.js';
import { columnsForTable } from './columns-for-table.js';
import { loadTable } from './table-source.js';

export interface LoadCommandOptions {
  fromTable?: string;
  sourceUrl?: string;
  full?: boolean;
  /** As commander passes it: digits, '0' when not given. */
  lookbackHours?: string;
}

/** The usage errors of `lgs load`, found before any database is opened; the look-back in hours. */
export function checkLoadOptions(file: string | undefined, options: LoadCommandOptions): { lookbackHours: number } {
  if (file && options.fromTable) throw new UsageError('give either a file or --from-table, not both', { file, table: options.fromTable });
  const given = options.lookbackHours ?? '0';
  if (!options.fromTable) {
    if (!file) throw new UsageError('lgs load needs a file, or --from-table <table>', {});
    const misplaced = [options.sourceUrl && '--source-url', options.full && '--full', given !== '0' && '--lookback-hours'].filter(Boolean);
    if (misplaced.length > 0) throw new UsageError(`${misplaced.join(', ')} go${misplaced.length === 1 ? 'es' : ''} with --from-table, not with a file`, { options: misplaced });
    return { lookbackHours: 0 };
  }
  if (options.sourceUrl && !/^postgres(ql)?:\/\//.test(options.sourceUrl)) {
    throw new UsageError(`--source-url must be a postgres:// or postgresql:// URL`, { option: 'source-url' });
  }
  const lookbackHours = Number(given);
  if (!/^\d{1,4}$/.test(given) || lookbackHours > 8760) {
    throw new UsageError(`--lookback-hours must be a whole number of hours from 0 to 8760 (got "${given}"); to read every row use --full`, { option: 'lookback-hours', value: given });
  }
  if (options.full && lookbackHours > 0) throw new UsageError('--full reads every row already: leave out --lookback-hours', { option: 'lookback-hours' });
  return { lookbackHours };
}

/**
 * `lgs load <file>` or `lgs load --from-table <table> [--source-url <url>] [--full] [--lookback-hours <n>]`;
 * without --source-url the table is read from LGS_INGEST_SOURCE_URL when set, else from the warehouse's
 * database. `checked` is what checkLoadOptions made of the same file and options (the caller checks them
 * before it opens the database).
 */
export async function loadFromCommandLine(
  db: Database,
  file: string | undefined,
  options: LoadCommandOptions,
  checked: { lookbackHours: number },
  context: { log: Logger; progress: Progress; environment: Environment; encoding?: string },
): Promise<LoadSummary> {
  const { lookbackHours } = checked;
  if (!options.fromTable) return loadFile(db, file!, { log: context.log, progress: context.progress, encoding: context.encoding });
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
