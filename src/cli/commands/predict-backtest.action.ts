import { backtest, type Backtest } from '../../predict/predict-customers.js';
import { textTable } from '../../text/text-table.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface PredictBacktestOptions {
  cutoff: string;
  json?: boolean;
}

function backtestText(result: Backtest): string {
  const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
  const ratio = (value: number | null) => (value === null ? '—' : value.toFixed(3));
  return [
    `Back-test at ${result.cutoff} (model fitted on outcomes from ${result.trainedOn} to the cutoff): ${result.customers} customers, ${result.ordered} ordered in the next 90 days (${percent(result.ordered / result.customers)})`,
    '',
    textTable(['Score', 'AUC', 'Top-decile lift'], [
      ['model (logistic regression, RFM features)', ratio(result.model.auc), ratio(result.model.topDecileLift)],
      ['baseline: recency alone', ratio(result.recencyBaseline.auc), ratio(result.recencyBaseline.topDecileLift)],
    ]),
    '',
    textTable(['Decile', 'Customers', 'Mean predicted', 'Observed'], result.model.calibration.map((d) => [String(d.decile), String(d.customers), percent(d.meanPredicted), percent(d.observedRate)])),
  ].join('\n') + '\n';
}

export async function predictBacktest(options: PredictBacktestOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database }) => {
    const result = await backtest(await database(), options.cutoff);
    io.stdout.write(options.json ? JSON.stringify(result, null, 2) + '\n' : backtestText(result));
  });
}
