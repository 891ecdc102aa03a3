import { backtest } from '../../predict/backtest.js';
import { backtestText } from '../../predict/prediction-text.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface PredictBacktestOptions {
  cutoff: string;
  horizonDays?: number;
  json?: boolean;
}

export async function predictBacktest(options: PredictBacktestOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database }) => {
    const result = await backtest(await database(), options.cutoff, options.horizonDays);
    io.stdout.write(options.json ? JSON.stringify(result, null, 2) + '\n' : backtestText(result));
  });
}
