import { textTable } from '../text/text-table.js';
import type { Backtest } from './backtest.js';
import type { Prediction } from './predict-customers.js';

/** What `lgs predict` and `lgs predict backtest` print without --json. Pure. */

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

export function predictionText(prediction: Prediction): string {
  return (
    `${prediction.customers} customers scored as of ${prediction.asOf} (${prediction.model}, season ratio ${prediction.seasonRatio.toFixed(3)}): ` +
    `${prediction.expectedOrderers90d.toFixed(0)} expected to order in the next 90 days, 12-month spend ${money(prediction.expectedSpend12m)}\n${prediction.spendNote}\n`
  );
}
