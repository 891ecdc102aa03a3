import { formatPercent, formatPoints, formatMoney, formatCount } from '../text/number-format.js';
import { textTable } from '../text/text-table.js';
import type { CampaignResults } from './campaign-results.js';

/** `lgs campaigns` as text: one line per campaign, its groups and uplift once its window has closed. */
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
  const awaiting = results.campaigns.find((c) => c.status === 'awaiting data');
  const note = awaiting
    ? `Awaiting data: the window has ended but the warehouse's latest invoice (${awaiting.dataEndsAt ?? 'none'}) does not reach its end; the results come once a load covers it.\n`
    : '';
  return (
    textTable(['Id', 'Segment', 'As of', 'Window end', 'Held out', 'Status', 'Target: n / conv. / net per cust.', 'Hold-out: n / conv. / net per cust.', 'Uplift [95% interval]'], rows) + '\n' + note
  );
}
