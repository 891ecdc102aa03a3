import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { rfmSegmentRow } from './metric-queries.js';
import { runQuery, runSingleRowQuery } from './run-query.js';
import { runStorableQuery } from './stored-reads.js';
import { sqlFile } from './sql-files.js';

/**
 * Typed functions for the queries of segment movement, cohort retention and campaigns (sql/metrics/
 * rfm_segments, segment_movement, cohort_retention; sql/campaigns/*).
 */
const count = z.number().int();
const num = z.number();
const text = z.string();

const movementCell = z.object({ from_segment: text, to_segment: text, customers: count, monetary: num });
export type MovementCellRow = z.infer<typeof movementCell>;

/** The RFM segment table at the as-of (the metrics and the briefs read it with this one query). */
export const segmentTable = (db: Queryable, asOf: LocalTimestamp, grid: readonly string[]) =>
  runQuery(db, 'metrics/rfm_segments', [asOf, grid], rfmSegmentRow);

/** Customers scored at the as-of per (segment at `before` or "(new)", segment now), with their monetary value. */
export const segmentMovement = (db: Queryable, asOf: LocalTimestamp, before: LocalTimestamp, grid: readonly string[]) =>
  runQuery(db, 'metrics/segment_movement', [asOf, before, grid], movementCell);

/**
 * The segment table at the as-of and the movement since `before`, on two connections at once when the
 * pool has them. At the instants the loader stores scores (migration 0015) both only read stored scores.
 */
export async function segmentsAndMovement(db: Queryable, asOf: LocalTimestamp, before: LocalTimestamp, grid: readonly string[]) {
  const [segments, movement] = await Promise.all([segmentTable(db, asOf, grid), segmentMovement(db, asOf, before, grid)]);
  return { segments, movement };
}

const customerMovement = z.object({ customer_id: count, from_segment: text.nullable() });
export type CustomerMovementRow = z.infer<typeof customerMovement>;
export const customerMovements = (db: Queryable, asOf: LocalTimestamp, before: LocalTimestamp, grid: readonly string[]) =>
  runQuery(db, 'campaigns/customer_movement', [asOf, before, grid], customerMovement);

const cohortCell = z.object({ cohort: text, size: count, months_since: count, customers: count, retention: num, partial: z.boolean() });
export type CohortCellRow = z.infer<typeof cohortCell>;
export const cohortRetention = (db: Queryable, asOf: LocalTimestamp) => runQuery(db, 'metrics/cohort_retention', [asOf], cohortCell);

const campaignRow = z.object({ campaign_id: count, segment: text, as_of: text, holdout_share: num, window_days: count });
export type CampaignRow = z.infer<typeof campaignRow>;
export const openCampaignRow = (db: Queryable, segment: string, asOf: LocalTimestamp, holdoutShare: number, windowDays: number) =>
  runSingleRowQuery(db, 'campaigns/open_campaign', [segment, asOf, holdoutShare, windowDays], campaignRow);

const memberRow = z.object({ customer_id: count, member_group: z.enum(['target', 'holdout']), entered: z.boolean() });
export type MemberRow = z.infer<typeof memberRow>;
export const campaignMembers = (db: Queryable, campaignId: number) => runQuery(db, 'campaigns/members', [campaignId], memberRow);
export const insertCampaignMembers = (db: Queryable, campaignId: number, members: readonly MemberRow[]) =>
  db.query(
    sqlFile('campaigns/insert_members'),
    [campaignId, members.map((m) => m.customer_id), members.map((m) => m.member_group), members.map((m) => m.entered)],
    'campaigns/insert_members',
  );

const listedCampaign = campaignRow.extend({ window_end: text });
export type ListedCampaignRow = z.infer<typeof listedCampaign>;
export const campaignsAt = (db: Queryable, asOf: LocalTimestamp) => runQuery(db, 'campaigns/campaigns', [asOf], listedCampaign);

const responseRow = z.object({ campaign_id: count, member_group: z.enum(['target', 'holdout']), customers: count, converted: count, net_sales: num });
export type ResponseRow = z.infer<typeof responseRow>;
export const campaignResponse = (db: Queryable, campaignIds: readonly number[]) => runQuery(db, 'campaigns/campaign_response', [campaignIds], responseRow);

const orderTime = z.object({ segment: text, weekday: count, hour: count, orders: count });
export type OrderTimeRow = z.infer<typeof orderTime>;
export const segmentOrderTimes = (db: Queryable, asOf: LocalTimestamp, grid: readonly string[]) =>
  runQuery(db, 'campaigns/segment_order_times', [asOf, grid], orderTime);

const productPair = z.object({ segment: text, first_code: text, first_description: text, second_code: text, second_description: text, invoices: count });
export type ProductPairRow = z.infer<typeof productPair>;
/**
 * `featured`: the products each segment features (its top products by net sales in the period). Stored by
 * the scoring step for the briefs' default instants.
 */
export const segmentProductPairs = (
  db: Queryable,
  asOf: LocalTimestamp,
  grid: readonly string[],
  from: LocalTimestamp,
  featured: readonly { segment: string; stock_code: string }[],
  pairs: number,
) =>
  runStorableQuery(db, 'campaigns/segment_product_pairs', [asOf, grid, from, featured.map((f) => f.segment), featured.map((f) => f.stock_code), pairs], productPair);

const segmentSales = z.object({ segment: text, sales: num });
export const segmentRecentSales = (db: Queryable, asOf: LocalTimestamp, grid: readonly string[], from: LocalTimestamp) =>
  runQuery(db, 'campaigns/segment_recent_sales', [asOf, grid, from], segmentSales);
