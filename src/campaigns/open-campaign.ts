import type { Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { addDays } from '../metrics/as-of.js';
import { campaignMembers, insertCampaignMembers, openCampaignRow, type MemberRow } from '../queries/campaign-queries.js';
import { campaignKey, DEFAULT_HOLDOUT_SHARE, DEFAULT_WINDOW_DAYS, memberGroup, type MemberGroup } from './holdout.js';

/**
 * A segment brief's campaign: made at the first print of (segment, as-of) with its members drawn into
 * target and hold-out and stored; every later print reads the same campaign and the same groups.
 */
export interface CampaignOptions {
  /** Share of members held out (not contacted), 0 ≤ share < 1. */
  holdoutShare?: number;
  /** Days the response is measured over, from the as-of. */
  windowDays?: number;
}

export interface Campaign {
  campaignId: number;
  segment: string;
  asOf: LocalTimestamp;
  holdoutShare: number;
  windowDays: number;
  /** The window's end (exclusive): results are reported from then on. */
  windowEnd: LocalTimestamp;
  /** The hash key members are drawn with. */
  key: string;
  groups: Map<number, MemberGroup>;
  target: number;
  holdout: number;
}

export async function openCampaign(
  db: Queryable,
  segment: { name: string; slug: string },
  asOf: LocalTimestamp,
  members: readonly { customerId: number; entered: boolean }[],
  options: CampaignOptions = {},
): Promise<Campaign> {
  const row = await openCampaignRow(db, segment.name, asOf, options.holdoutShare ?? DEFAULT_HOLDOUT_SHARE, options.windowDays ?? DEFAULT_WINDOW_DAYS);
  const key = campaignKey(segment.slug, row.as_of);
  let stored = await campaignMembers(db, row.campaign_id);
  if (stored.length === 0 && members.length > 0) {
    // The share stored with the campaign (its first print's) decides, whatever this print asked for.
    const drawn: MemberRow[] = members.map((m) => ({ customer_id: m.customerId, member_group: memberGroup(key, m.customerId, row.holdout_share), entered: m.entered }));
    await insertCampaignMembers(db, row.campaign_id, drawn);
    stored = await campaignMembers(db, row.campaign_id);
  }
  const groups = new Map(stored.map((m) => [m.customer_id, m.member_group]));
  const holdout = stored.filter((m) => m.member_group === 'holdout').length;
  return {
    campaignId: row.campaign_id,
    segment: row.segment,
    asOf: row.as_of,
    holdoutShare: row.holdout_share,
    windowDays: row.window_days,
    windowEnd: addDays(row.as_of, row.window_days),
    key,
    groups,
    target: stored.length - holdout,
    holdout,
  };
}

/**
 * A customer's group: the stored one; for a customer the first print did not have (history reloaded
 * since), the same draw, which is not stored: the campaign's measured members stay those of its first print.
 */
export function groupOf(campaign: Campaign, customerId: number): MemberGroup {
  return campaign.groups.get(customerId) ?? memberGroup(campaign.key, customerId, campaign.holdoutShare);
}
