import type { Command, Option } from 'commander';
import type { Database } from '../db/database.js';
import { parseAsOf } from '../metrics/as-of.js';
import { resolveAsOf } from '../metrics/collect-metrics.js';
import { textTable } from '../text/text-table.js';
import { backtestRecommendations, type RecommendationBacktest } from './recommendation-backtest.js';
import { recommendProducts, type RecommendationSummary } from './recommend-customers.js';

/**
 * `lgs recommend [--as-of D]` and `lgs recommend backtest --cutoff C`. The CLI hands in how it opens the
 * warehouse, so this module does no wiring of its own.
 */
export interface RecommendCommandWiring {
  withWarehouse<T>(work: (db: Database) => Promise<T>): Promise<T>;
  asOfOption: Option;
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

export function backtestText(result: RecommendationBacktest): string {
  return [
    `Recommendation back-test at ${result.cutoff}: ${result.customers} customers with an order in the 365 days before, ${result.orderedInHorizon} ordered merchandise in the next ${result.horizonDays} days`,
    '',
    textTable(['Recommender', `Customers who ordered one of their ${result.k}`, 'Hit rate'], [
      [result.method, String(result.hits), percent(result.hitRate)],
      ['baseline: most buyers in the last 90 days', String(result.popularityBaseline.hits), percent(result.popularityBaseline.hitRate)],
    ]),
    '',
    `Lift over the baseline: ${result.lift === null ? '—' : `${result.lift.toFixed(2)}×`} (time: ${result.timingsMs.total} ms, of which reading ${result.timingsMs.read} ms)`,
  ].join('\n') + '\n';
}

export function summaryText(summary: RecommendationSummary): string {
  return [
    `${summary.customers} customers given recommendations as of ${summary.asOf} (${summary.method}), stored; ${summary.customersWithFewer} with fewer than asked (time: ${summary.timingsMs.total} ms)`,
    '',
    textTable(['Most recommended', 'Customers'], summary.mostRecommended.map((p) => [p.stockCode, String(p.customers)])),
  ].join('\n') + '\n';
}

export function registerRecommendCommands(program: Command, wiring: RecommendCommandWiring): void {
  const recommend = program
    .command('recommend')
    .description('recommend to every customer the products they have not ordered that they are most likely to order next (stored in the warehouse)')
    .addOption(wiring.asOfOption)
    .option('--json', 'print JSON')
    .enablePositionalOptions()
    .action((options: { asOf?: string; json?: boolean }) =>
      wiring.withWarehouse(async (db) => {
        const summary = await recommendProducts(db, await resolveAsOf(db, options.asOf));
        process.stdout.write(options.json ? JSON.stringify(summary, null, 2) + '\n' : summaryText(summary));
      }),
    );
  recommend
    .command('backtest')
    .description('recommend from the orders before a cut-off; hit rate in the 90 days after it against the popularity baseline')
    .requiredOption('--cutoff <date>', 'the cut-off, YYYY-MM-DD', parseAsOf)
    .option('--json', 'print JSON')
    .action((options: { cutoff: string; json?: boolean }) =>
      wiring.withWarehouse(async (db) => {
        const result = await backtestRecommendations(db, options.cutoff);
        process.stdout.write(options.json ? JSON.stringify(result, null, 2) + '\n' : backtestText(result));
      }),
    );
}
