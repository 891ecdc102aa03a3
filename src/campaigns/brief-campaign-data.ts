import type { Queryable } from '../db/database.js';
import { addDays, type LocalTimestamp } from '../metrics/as-of.js';
import {
  customerMovements,
  segmentOrderTimes,
  segmentProductPairs,
  segmentRecentSales,
  type OrderTimeRow,
  type ProductPairRow,
} from '../queries/campaign-queries.js';
import { segmentProducts, type SegmentProductRow } from '../queries/report-queries.js';
import { movementStart } from './segment-movement.js';

/**
 * What the campaign part of the segment briefs reads, for all segments at once: who entered each segment
 * in the 28 days before the as-of, when each segment orders, what it bought lately and together, and its
 * last 12 months' net sales.
 */
export const FEATURE_DAYS = 90;
/** A segment that bought nothing in 90 days (the lapsed ones) is featured on its last 365 days. */
export const FEATURE_FALLBACK_DAYS = 365;
export const SALES_DAYS = 365;
const FEATURED_PRODUCTS = 5;
const PAIRS = 3;

export interface FeaturePeriod {
  days: number;
  from: LocalTimestamp;
  products: SegmentProductRow[];
  pairs: ProductPairRow[];
}

export interface BriefCampaignData {
  movementFrom: LocalTimestamp;
  /** Customer id → segment at the comparison instant (null: not scored then). */
  previousSegment: Map<number, string | null>;
  orderTimes: OrderTimeRow[];
  recent: FeaturePeriod;
  fallback: FeaturePeriod;
  sales12m: Map<string, number>;
}

export async function collectBriefCampaignData(db: Queryable, asOf: LocalTimestamp, grid: readonly string[]): Promise<BriefCampaignData> {
  const movementFrom = movementStart(asOf);
  const period = async (days: number): Promise<FeaturePeriod> => {
    const from = addDays(asOf, -days);
    // The pairs are those of the very products the plan features, so they are read after them.
    const products = await segmentProducts(db, asOf, grid, from, FEATURED_PRODUCTS);
    const pairs = await segmentProductPairs(db, asOf, grid, from, products, PAIRS);
    return { days, from, products, pairs };
  };
  // The two periods first: each is a chain of two long queries (products, then their pairs), and a
  // report's snapshot runs its queries in the order they are asked on the connections it has.
  const [fallback, recent, movements, orderTimes, sales] = await Promise.all([
    period(FEATURE_FALLBACK_DAYS),
    period(FEATURE_DAYS),
    customerMovements(db, asOf, movementFrom, grid),
    segmentOrderTimes(db, asOf, grid),
    segmentRecentSales(db, asOf, grid, addDays(asOf, -SALES_DAYS)),
  ]);
  return {
    movementFrom,
    previousSegment: new Map(movements.map((m) => [m.customer_id, m.from_segment])),
    orderTimes,
    recent,
    fallback,
    sales12m: new Map(sales.map((s) => [s.segment, s.sales])),
  };
}
