import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { parseAsOf } from '../../metrics/as-of.js';
import type { CliIo } from '../cli-io.js';
import type { PredictBacktestOptions } from './predict-backtest.action.js';

function parseHorizon(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 90 || days > 730) {
    throw new UsageError(`--horizon-days "${value}" must be a whole number of days from 90 to 730`, { option: 'horizon-days', value });
  }
  return days;
}

/** Registered after `predict`, under it. */
export function register(program: Command, io: CliIo): void {
  const predict = program.commands.find((command) => command.name() === 'predict');
  if (!predict) throw new Error('register the predict command before predict backtest');
  predict
    .command('backtest')
    .description('fit before a cut-off, score what followed: lapse (AUC, Brier, lift, calibration) against BG/NBD and recency, next order, and spend with --horizon-days')
    .requiredOption('--cutoff <date>', 'the cut-off, YYYY-MM-DD', (value) => parseAsOf(value, 'cutoff'))
    .option('--horizon-days <days>', 'also back-test expected spend over this many days after the cut-off (90–730)', parseHorizon)
    .option('--json', 'print JSON')
    .action(async (options: PredictBacktestOptions) => (await import('./predict-backtest.action.js')).predictBacktest(options, io));
}
