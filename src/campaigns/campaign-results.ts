import type { Queryable } from '../db/database.js';
import { addDays, type LocalTimestamp } from '../metrics/as-of.js';
import { readWarehouseCoverage } from '../metrics/warehouse-coverage.js';
import { campaignResponse, campaignsAt, type ResponseRow } from '../queries/campaign-queries.js';
import { groupResponse, uplift, type GroupResponse, type Uplift } from './uplift.js';

/**
 * The campaigns that existed at an as-of, each with its response per group and the uplift once its
 * window has closed: its end is at or before the as-of, and the data covers the whole window (the latest
 * invoice trails the window's end by no more than the stale-data tolerance, as for a scheduled report).
 * A window that has ended beyond the data is "awaiting data": measured then, it would count every
 * customer the data has not reached yet as not converted.
 */
export interface CampaignResult {
  campaignId: number;
  segment: string;
  asOf: LocalTimestamp;
  holdoutShare: number;
  windowDays: number;
  windowEnd: LocalTimestamp;
  status: 'open' | 'awaiting data' | 'closed';
  /** When awaiting data: the latest invoice the warehouse holds (null when it holds none). */
  dataEndsAt?: LocalTimestamp | null;
  /** Only once closed. */
  target?: GroupResponse;
  holdout?: GroupResponse;
  /** Only once closed; null when a group is empty. */
  uplift?: Uplift | null;
}

export interface CampaignResults {
  asOf: LocalTimestamp;
  campaigns: CampaignResult[];
}

const counts = (rows: readonly ResponseRow[], campaignId: number, group: 'target' | 'holdout') => {
  const row = rows.find((r) => r.campaign_id === campaignId && r.member_group === group);
  return { customers: row?.customers ?? 0, converted: row?.converted ?? 0, netSales: row?.net_sales ?? 0 };
};

export async function campaignResults(db: Queryable, asOf: LocalTimestamp, staleToleranceHours?: number): Promise<CampaignResults> {
  const [listed, coverage] = await Promise.all([campaignsAt(db, asOf), readWarehouseCoverage(db, staleToleranceHours)]);
  const closed = listed.filter((c) => c.window_end <= asOf && coverage.covers(c.window_end));
  const responses = closed.length > 0 ? await campaignResponse(db, closed.map((c) => c.campaign_id)) : [];
  return {
    asOf,
    campaigns: listed.map((c): CampaignResult => {
      const base = {
        campaignId: c.campaign_id,
        segment: c.segment,
        asOf: c.as_of,
        holdoutShare: c.holdout_share,
        windowDays: c.window_days,
        windowEnd: c.window_end,
      };
      if (c.window_end > asOf) return { ...base, status: 'open' };
      if (!coverage.covers(c.window_end)) return { ...base, status: 'awaiting data', dataEndsAt: coverage.dataEndsAt };
      const target = counts(responses, c.campaign_id, 'target');
      const holdout = counts(responses, c.campaign_id, 'holdout');
      return { ...base, status: 'closed', target: groupResponse(target), holdout: groupResponse(holdout), uplift: uplift(target, holdout) };
    }),
  };
}

/**
 * The campaigns whose window ended in the week up to the as-of: what a weekly report has not shown yet.
 * Those awaiting data are among them, so that the report says their results are not in yet (the week after
 * they would fall outside the week, and a campaign would go unmentioned).
 */
export function endedSince(results: CampaignResults, days = 7): CampaignResult[] {
  const since = addDays(results.asOf, -days);
  return results.campaigns.filter((c) => c.status !== 'open' && c.windowEnd > since);
}
