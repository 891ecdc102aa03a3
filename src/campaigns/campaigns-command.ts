import type { Command, Option } from 'commander';
import type { Database } from '../db/database.js';
import { resolveAsOf } from '../metrics/collect-metrics.js';
import { formatPercent, formatPoints, formatMoney, formatCount } from '../text/number-format.js';
import { textTable } from '../text/text-table.js';
import { campaignResults, type CampaignResults } from './campaign-results.js';

/**
 * `lgs campaigns [--json] [--as-of D]`: every campaign made at or before the as-of, with its response per
 * group and the uplift once its window has closed. Registered by the CLI with its shared helpers passed in.
 */
export function campaignsText(results: CampaignResults): string {
  if (results.campaigns.length === 0) return `No campaigns as of ${results.asOf}: each printed segment brief makes one.\n`;
  const rows = results.campaigns.map((c) => {
    const group = (g: typeof c.target) => (g ? `${formatCount(g.customers)} / ${formatPercent(g.conversion)} / ${formatMoney(g.netSalesPerCustomer)}` : '');
    const u = c.uplift;
    return [
      String(c.campaignId),
      c.segment,
      c.asOf.slice(0, 10),
      c.windowEnd.slice(0, 10),
      `${formatPercent(c.holdoutShare)}`,
      c.status,
      group(c.target),
      group(c.holdout),
      u ? `${formatPoints(u.points / 100)} [${formatPoints(u.low / 100)}, ${formatPoints(u.high / 100)}]${u.includesZero ? ' includes 0' : ''}` : '',
    ];
  });
  return (
    textTable(['Id', 'Segment', 'As of', 'Window end', 'Held out', 'Status', 'Target: n / conv. / net per cust.', 'Hold-out: n / conv. / net per cust.', 'Uplift [95% interval]'], rows) + '\n'
  );
}

export function registerCampaignsCommand(
  program: Command,
  shared: { asOfOption: Option; withWarehouse: <T>(work: (db: Database) => Promise<T>) => Promise<T> },
): void {
  program
    .command('campaigns')
    .description('campaigns (one per printed segment brief) with hold-out results once their window has closed')
    .addOption(shared.asOfOption)
    .option('--json', 'print JSON')
    .action((options: { asOf?: string; json?: boolean }) =>
      shared.withWarehouse(async (db) => {
        const results = await campaignResults(db, await resolveAsOf(db, options.asOf));
        process.stdout.write(options.json ? JSON.stringify(results, null, 2) + '\n' : campaignsText(results));
      }),
    );
}
