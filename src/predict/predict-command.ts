import type { Command, Option } from 'commander';
import type { Database } from '../db/database.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log.js';
import { parseAsOf } from '../metrics/as-of.js';
import { resolveAsOf } from '../metrics/collect-metrics.js';
import { textTable } from '../text/text-table.js';
import { backtest, type Backtest } from './backtest.js';
import { predictCustomers } from './predict-customers.js';

/** `lgs predict` and `lgs predict backtest`: registration and text output; the work is in this folder. */
type WithWarehouse = <T>(work: (db: Database, log: Logger) => Promise<T>) => Promise<T>;

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const ratio = (value: number | null) => (value === null ? '—' : value.toFixed(3));
const money = (value: number) => `£${Math.round(value).toLocaleString('en-GB')}`;

export function backtestText(result: Backtest): string {
  const lines = [
    `Back-test at ${result.cutoff} (lapse model fitted on ${result.trainingCustomers} customers at ${result.trainedOn}, outcomes up to the cut-off; season ratio ${result.seasonRatio.toFixed(3)}): ` +
      `${result.customers} customers, ${result.ordered} ordered in the next 90 days (${percent(result.ordered / result.customers)})`,
    '',
    textTable(['Score', 'AUC', 'Brier', 'Top-decile lift', 'Calibration gap'], [
      ['model (seasonal logistic regression + BG/NBD features)', ratio(result.model.auc), ratio(result.model.brier), ratio(result.model.liftTop10), percent(result.model.calibrationGap)],
      ['baseline: BG/NBD P(order in 90 days)', ratio(result.bgnbd.auc), ratio(result.bgnbd.brier), ratio(result.bgnbd.liftTop10), percent(result.bgnbd.calibrationGap)],
      ['baseline: recency alone', ratio(result.recencyBaseline.auc), '—', ratio(result.recencyBaseline.liftTop10), '—'],
    ]),
    '',
    textTable(['Decile', 'Customers', 'Mean predicted', 'Observed'], result.model.calibration.map((d) => [String(d.decile), String(d.customers), percent(d.meanPredicted), percent(d.observedRate)])),
    '',
    `Next order, ${result.nextOrder.customers} customers who ordered within 90 days: median absolute error ${result.nextOrder.model.medianAbsoluteErrorDays ?? '—'} days ` +
      `(baseline last order + mean gap: ${result.nextOrder.lastOrderPlusMeanGap.medianAbsoluteErrorDays ?? '—'} days); "unlikely within 90 days" right for ${percent(result.nextOrder.unlikelyCorrect)}`,
  ];
  const spend = result.spend;
  if (spend) {
    lines.push(
      '',
      `Spend over ${spend.horizonDays} days after the cut-off (actual ${money(spend.actualTotal)}); model trained on the ${spend.trainingDays} days after ${spend.trainedOn}, scaled ×${spend.scale.toFixed(3)} (${spend.seasonalScale ? "last year's season" : 'horizon length only: the year before is not in the data'}):`,
      textTable(['Forecast', 'MAE', 'Spearman', 'Total ÷ actual', 'Top-decile share'], [
        ['model', money(spend.model.mae), ratio(spend.model.spearman), ratio(spend.model.totalRatio), percent(spend.model.topDecileShare)],
        ['naive (last 365 days × H/365)', money(spend.naive.mae), ratio(spend.naive.spearman), ratio(spend.naive.totalRatio), percent(spend.naive.topDecileShare)],
        ['BG/NBD × Gamma-Gamma', money(spend.bgnbdGammaGamma.mae), ratio(spend.bgnbdGammaGamma.spearman), ratio(spend.bgnbdGammaGamma.totalRatio), percent(spend.bgnbdGammaGamma.topDecileShare)],
      ]),
      spend.modelPasses ? 'The model beats both baselines with the total within ±15 %.' : 'The model does NOT beat both baselines on every measure with the total within ±15 %: reports show the naive figure.',
    );
  }
  return lines.join('\n') + '\n';
}

function parseHorizon(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 90 || days > 730) {
    throw new UsageError(`--horizon-days "${value}" must be a whole number of days from 90 to 730`, { option: 'horizon-days', value });
  }
  return days;
}

export function registerPredictCommands(program: Command, withWarehouse: WithWarehouse, asOfOption: Option): void {
  const predictCommand = program
    .command('predict')
    .description('score every customer: chance of ordering in the next 90 days, expected next order, 12-month spend (stored in the warehouse)')
    .addOption(asOfOption)
    .option('--json', "print JSON (with every customer's scores)")
    .enablePositionalOptions()
    .action((options: { asOf?: string; json?: boolean }) =>
      withWarehouse(async (db) => {
        const prediction = await predictCustomers(db, await resolveAsOf(db, options.asOf));
        if (options.json) {
          process.stdout.write(JSON.stringify(prediction, null, 2) + '\n');
          return;
        }
        process.stdout.write(
          `${prediction.customers} customers scored as of ${prediction.asOf} (${prediction.model}, season ratio ${prediction.seasonRatio.toFixed(3)}): ` +
            `${prediction.expectedOrderers90d.toFixed(0)} expected to order in the next 90 days, 12-month spend ${money(prediction.expectedSpend12m)}\n${prediction.spendNote}\n`,
        );
      }),
    );

  predictCommand
    .command('backtest')
    .description('fit before a cut-off, score what followed: lapse (AUC, Brier, lift, calibration) against BG/NBD and recency, next order, and spend with --horizon-days')
    .requiredOption('--cutoff <date>', 'the cut-off, YYYY-MM-DD', parseAsOf)
    .option('--horizon-days <days>', 'also back-test expected spend over this many days after the cut-off (90–730)', parseHorizon)
    .option('--json', 'print JSON')
    .action((options: { cutoff: string; horizonDays?: number; json?: boolean }) =>
      withWarehouse(async (db) => {
        const result = await backtest(db, options.cutoff, options.horizonDays);
        process.stdout.write(options.json ? JSON.stringify(result, null, 2) + '\n' : backtestText(result));
      }),
    );
}
