import { resolveAsOf } from '../../metrics/collect-metrics.js';
import { recommendProducts, type RecommendationSummary } from '../../recommend/recommend-customers.js';
import { textTable } from '../../text/text-table.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface RecommendOptions {
  asOf?: string;
  json?: boolean;
}

function summaryText(summary: RecommendationSummary): string {
  return [
    `${summary.customers} customers given recommendations as of ${summary.asOf} (${summary.method}), stored; ${summary.customersWithFewer} with fewer than 3 (time: ${summary.timingsMs.total} ms)`,
    '',
    textTable(['Most recommended', 'Customers'], summary.mostRecommended.map((p) => [p.stockCode, String(p.customers)])),
  ].join('\n') + '\n';
}

export async function recommend(options: RecommendOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database }) => {
    const db = await database();
    const summary = await recommendProducts(db, await resolveAsOf(db, options.asOf));
    io.stdout.write(options.json ? JSON.stringify(summary, null, 2) + '\n' : summaryText(summary));
  });
}
