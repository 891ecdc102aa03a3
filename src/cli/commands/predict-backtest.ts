import type { Command } from 'commander';
import { parseAsOf } from '../../metrics/as-of.js';
import type { CliIo } from '../cli-io.js';
import type { PredictBacktestOptions } from './predict-backtest.action.js';

/** Registered after `predict`, under it. */
export function register(program: Command, io: CliIo): void {
  const predict = program.commands.find((command) => command.name() === 'predict');
  if (!predict) throw new Error('register the predict command before predict backtest');
  predict
    .command('backtest')
    .description('fit before a cut-off, score the 90 days after it: AUC, calibration by decile, top-decile lift, recency baseline')
    .requiredOption('--cutoff <date>', 'the cut-off, YYYY-MM-DD', parseAsOf)
    .option('--json', 'print JSON')
    .action(async (options: PredictBacktestOptions) => (await import('./predict-backtest.action.js')).predictBacktest(options, io));
}
