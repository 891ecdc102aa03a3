import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { asOfOption } from '../common-options.js';
import type { RecommendOptions } from './recommend.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('recommend')
    .description('recommend to every customer the 3 products they have not ordered that they are most likely to order next (stored in the warehouse)')
    .addOption(asOfOption())
    .option('--json', 'print JSON')
    // `lgs recommend --json` and `lgs recommend backtest --json`: options belong to the command they follow.
    .enablePositionalOptions()
    .action(async (options: RecommendOptions) => (await import('./recommend.action.js')).recommend(options, io));
}
