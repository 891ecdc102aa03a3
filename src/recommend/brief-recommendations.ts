import type { Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { latestRecommendationRun, storedRecommendations, type StoredRecommendationRow } from '../queries/recommend-queries.js';

/**
 * What a report needs of the stored recommendations: the newest set at or before its as-of, and a note
 * when that set is older than the data the report prints. Reports never compute recommendations.
 */
export interface BriefRecommendations {
  /** The as-of the stored set was learnt at, or null when none is stored at or before the report's. */
  learntAt: LocalTimestamp | null;
  /** Why the set may be out of date (null when it is current); a sentence for the reader. */
  staleness: string | null;
  rows: StoredRecommendationRow[];
}

export async function collectBriefRecommendations(db: Queryable, asOf: LocalTimestamp): Promise<BriefRecommendations> {
  const run = await latestRecommendationRun(db, asOf);
  if (!run) {
    return { learntAt: null, staleness: `No recommendations are stored for ${asOf.slice(0, 10)}: run lgs recommend --as-of ${asOf.slice(0, 10)}.`, rows: [] };
  }
  const reasons = [
    ...(run.newer_orders ? [`orders placed from ${run.as_of.slice(0, 10)} on`] : []),
    ...(run.loaded_since ? ['data loaded after they were computed'] : []),
  ];
  return {
    learntAt: run.as_of,
    staleness:
      reasons.length === 0
        ? null
        : `These recommendations were learnt from the orders before ${run.as_of.slice(0, 10)} and do not reflect ${reasons.join(' or ')}; products ordered since are left out. Run lgs recommend --as-of ${asOf.slice(0, 10)} to bring them up to date.`,
    rows: await storedRecommendations(db, run.as_of, asOf),
  };
}

/** Each customer's recommended stock codes, best first. Pure. */
export function recommendedCodes(recommendations: BriefRecommendations): Map<number, string[]> {
  const codes = new Map<number, string[]>();
  for (const row of recommendations.rows) {
    const list = codes.get(row.customer_id);
    if (list) list.push(row.stock_code);
    else codes.set(row.customer_id, [row.stock_code]);
  }
  return codes;
}

export interface MostRecommendedProduct {
  stockCode: string;
  description: string;
  /** Customers of the group it is recommended to. */
  customers: number;
  /** Of them, those for whom it is the first recommendation. */
  firstChoice: number;
}

/** The products recommended to most of the given customers; ties go to more first choices, then stock code. Pure. */
export function mostRecommended(recommendations: BriefRecommendations, customerIds: Iterable<number>, limit: number): MostRecommendedProduct[] {
  const wanted = new Set(customerIds);
  const products = new Map<string, MostRecommendedProduct>();
  for (const row of recommendations.rows) {
    if (!wanted.has(row.customer_id)) continue;
    let product = products.get(row.stock_code);
    if (!product) products.set(row.stock_code, (product = { stockCode: row.stock_code, description: row.description, customers: 0, firstChoice: 0 }));
    product.customers += 1;
    if (row.rank === 1) product.firstChoice += 1;
  }
  return [...products.values()]
    .sort((a, b) => b.customers - a.customers || b.firstChoice - a.firstChoice || (a.stockCode < b.stockCode ? -1 : a.stockCode > b.stockCode ? 1 : 0))
    .slice(0, limit);
}
