import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import type { LoadOptions } from './load.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('load')
    .description('load a CSV or CSV.gz in the Online Retail (II) layout into the warehouse, or the new rows of a table')
    .argument('[file]', 'the file to load')
    .option('--from-table <table>', 'read the rows not yet loaded from this table (schema.table allowed; columns mapped by ingest.columns in the schedules file)')
    .option('--source-url <url>', 'the database holding --from-table, when it is not the warehouse (postgres://…)')
    .option('--full', 'with --from-table: read every row, not only those from the last invoice date read on')
    .option('--lookback-hours <hours>', 'with --from-table: also read the rows dated up to this many hours before the last invoice date read (rows committed late)', '0')
    .option('--json', 'print the load summary as JSON')
    .option('--encoding <name>', 'the file\'s encoding: auto (UTF-8, or Windows-1252 when it is not valid UTF-8), utf-8, windows-1252, latin1', 'auto')
    .action(async (file: string | undefined, options: LoadOptions) => (await import('./load.action.js')).load(file, options, io));
}
