import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import type { LoadOptions } from './load.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('load')
    .description('load a CSV or CSV.gz in the Online Retail (II) layout into the warehouse')
    .argument('<file>', 'the file to load')
    .option('--json', 'print the load summary as JSON')
    .action(async (file: string, options: LoadOptions) => (await import('./load.action.js')).load(file, options, io));
}
