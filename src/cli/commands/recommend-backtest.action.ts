import { backtestRecommendations, type RecommendationBacktest } from '../../recommend/recommendation-backtest.js';
import { textTable } from '../../text/text-table.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface RecommendBacktestOptions {
  cutoff: string;
  json?: boolean;
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

function backtestText(result: RecommendationBacktest): string {
  return [
    `Recommendation back-test at ${result.cutoff}: ${result.customers} customers with an order in the 365 days before, ${result.orderedInHorizon} of them ordered merchandise in the next ${result.horizonDays} days`,
    '',
    textTable(['Recommender', `Customers who ordered one of their ${result.k}`, 'Hit rate'], [
      [result.method, String(result.hits), percent(result.hitRate)],
      ['baseline: most buyers in the last 90 days', String(result.popularityBaseline.hits), percent(result.popularityBaseline.hitRate)],
    ]),
    '',
    `Lift over the baseline: ${result.lift === null ? '—' : `${result.lift.toFixed(2)}×`} (time: ${result.timingsMs.total} ms, of which reading ${result.timingsMs.read} ms)`,
  ].join('\n') + '\n';
}

export async function recommendBacktest(options: RecommendBacktestOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database }) => {
    const result = await backtestRecommendations(await database(), options.cutoff);
    io.stdout.write(options.json ? JSON.stringify(result, null, 2) + '\n' : backtestText(result));
  });
}
