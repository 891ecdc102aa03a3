import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { asOfOption } from '../common-options.js';
import type { PredictOptions } from './predict.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('predict')
    .description('score every customer: chance of ordering in the next 90 days, expected next order, 12-month spend (stored in the warehouse; `lgs load` does this too)')
    .addOption(asOfOption())
    .option('--json', "print JSON (with every customer's scores)")
    // `lgs predict --json` and `lgs predict backtest --json`: options belong to the command they follow.
    .enablePositionalOptions()
    .action(async (options: PredictOptions) => (await import('./predict.action.js')).predict(options, io));
}
