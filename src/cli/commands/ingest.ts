import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import type { IngestCommandOptions } from './ingest.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('ingest')
    .description('run the schedules file\'s ingest: once, now, as the worker does (the drop folder\'s new files, or the table\'s new rows), then refresh the scores')
    .option('--json', 'print what the run did as JSON')
    .action(async (options: IngestCommandOptions) => (await import('./ingest.action.js')).ingest(options, io));
}
