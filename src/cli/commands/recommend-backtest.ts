import type { Command } from 'commander';
import { parseAsOf } from '../../metrics/as-of.js';
import type { CliIo } from '../cli-io.js';
import type { RecommendBacktestOptions } from './recommend-backtest.action.js';

/** Registered after `recommend`, under it. */
export function register(program: Command, io: CliIo): void {
  const recommend = program.commands.find((command) => command.name() === 'recommend');
  if (!recommend) throw new Error('register the recommend command before recommend backtest');
  recommend
    .command('backtest')
    .description('recommend from the orders before a cut-off; hit rate in the 90 days after it beside the popularity baseline')
    .requiredOption('--cutoff <date>', 'the cut-off, YYYY-MM-DD', (value) => parseAsOf(value, 'cutoff'))
    .option('--json', 'print JSON')
    .action(async (options: RecommendBacktestOptions) => (await import('./recommend-backtest.action.js')).recommendBacktest(options, io));
}
