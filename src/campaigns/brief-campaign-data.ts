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
  /** The top products of the segments read for this period. */
  products: SegmentProductRow[];
  /** The pairs of the segments whose plan features this period (featuresRecentDays), of no other. */
  pairs: ProductPairRow[];
}

export interface BriefCampaignData {
  movementFrom: LocalTimestamp;
  /** Customer id → segment at the comparison instant (null: not scored then). */
  previousSegment: Map<number, string | null>;
  orderTimes: OrderTimeRow[];
  /** Every segment's last 90 days. */
  recent: FeaturePeriod;
  /** The last 365 days of the segments that do not feature their 90 days, of no other. */
  fallback: FeaturePeriod;
  sales12m: Map<string, number>;
}

/**
 * Whether a segment's plan features its last 90 days, given its top products in them (best first). A lapsed
 * segment buys little in 90 days: its plan features what it bought in the last year instead when the 90
 * days give fewer than three products or a leading product fewer than five buyers.
 */
export function featuresRecentDays(products: readonly SegmentProductRow[]): boolean {
  return products.length >= 3 && products[0]!.buyers >= 5;
}

/**
 * The featured period of every segment: each segment's top products of its last 90 days and, for the
 * segments that do not feature them (featuresRecentDays), of its last 365 days; with the pairs of each
 * segment on the period it features. [90 days, 365 days].
 */
export async function collectFeaturePeriods(db: Queryable, asOf: LocalTimestamp, grid: readonly string[]): Promise<[FeaturePeriod, FeaturePeriod]> {
  const recentFrom = addDays(asOf, -FEATURE_DAYS);
  const fallbackFrom = addDays(asOf, -FEATURE_FALLBACK_DAYS);
  // Which period each segment features is known from its 90 days; only then are the year's products (of the
  // lapsed segments) and the pairs (of each segment, on the period it features) read. The year of the
  // active segments holds most of the lines and none of it would be printed.
  const recentProducts = await segmentProducts(db, asOf, grid, recentFrom, FEATURED_PRODUCTS);
  const segments = [...new Set(grid)];
  const recentSegments = new Set(segments.filter((segment) => featuresRecentDays(recentProducts.filter((p) => p.segment === segment))));
  const lapsed = segments.filter((segment) => !recentSegments.has(segment));
  const pairsOf = async (from: LocalTimestamp, featured: SegmentProductRow[]) =>
    featured.length === 0 ? [] : segmentProductPairs(db, asOf, grid, from, featured, PAIRS);
  const [recentPairs, fallback] = await Promise.all([
    pairsOf(recentFrom, recentProducts.filter((p) => recentSegments.has(p.segment))),
    (async (): Promise<FeaturePeriod> => {
      const products = lapsed.length === 0 ? [] : await segmentProducts(db, asOf, grid, fallbackFrom, FEATURED_PRODUCTS, lapsed);
      return { days: FEATURE_FALLBACK_DAYS, from: fallbackFrom, products, pairs: await pairsOf(fallbackFrom, products) };
    })(),
  ]);
  return [{ days: FEATURE_DAYS, from: recentFrom, products: recentProducts, pairs: recentPairs }, fallback];
}

export async function collectBriefCampaignData(db: Queryable, asOf: LocalTimestamp, grid: readonly string[]): Promise<BriefCampaignData> {
  const movementFrom = movementStart(asOf);
  // The feature chain first: three long queries one after the other, and a report's snapshot runs its
  // queries in the order they are asked on the connections it has.
  const [[recent, fallback], movements, orderTimes, sales] = await Promise.all([
    collectFeaturePeriods(db, asOf, grid),
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
