import { z } from 'zod';
import type { Database, Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { LgsError } from '../errors.js';
import { PurchaseHistoryBuilder, type PurchaseHistory } from '../recommend/purchase-history.js';
import { copyRows } from './copy-rows.js';
import { runQuery } from './run-query.js';
import { sqlFile } from './sql-files.js';

const count = z.number().int();
const num = z.number();
const text = z.string();

/**
 * Every (customer, product) ordered before the as-of, streamed into the recommender's typed arrays: at 10×
 * that is millions of rows, which as row objects took a gigabyte. Each row is checked as runQuery would.
 */
export async function readPurchaseHistory(db: Queryable, asOf: LocalTimestamp): Promise<PurchaseHistory> {
  const name = 'recommend/purchase_history';
  const builder = new PurchaseHistoryBuilder();
  let row = 0;
  for await (const [customer, stockCode, age] of copyRows(db, name, [asOf], ['customer_id', 'stock_code', 'age_days'])) {
    const customerId = Number(customer);
    const ageDays = Number(age);
    if (!Number.isInteger(customerId) || !stockCode || age === null || !Number.isFinite(ageDays)) {
      throw new LgsError(`query ${name} returned an unexpected row ${row}: ${JSON.stringify([customer, stockCode, age])}`, { query: name, row });
    }
    builder.add(customerId, stockCode, ageDays);
    row += 1;
  }
  return builder.build();
}

/** Customers with an order in the `days` before the as-of; every customer with an order before it when null. */
export const activeCustomers = async (db: Queryable, asOf: LocalTimestamp, days: number | null) =>
  (await runQuery(db, 'recommend/active_customers', [asOf, days], z.object({ customer_id: count }))).map((r) => r.customer_id);

export async function orderedAfter(db: Queryable, cutoff: LocalTimestamp, horizonDays: number): Promise<Map<number, Set<string>>> {
  const rows = await runQuery(db, 'recommend/ordered_after', [cutoff, horizonDays], z.object({ customer_id: count, stock_code: text }));
  const ordered = new Map<number, Set<string>>();
  for (const row of rows) {
    const set = ordered.get(row.customer_id);
    if (set) set.add(row.stock_code);
    else ordered.set(row.customer_id, new Set([row.stock_code]));
  }
  return ordered;
}

/**
 * Customers per INSERT. One statement for all of them (175,000 rows at 10×) built its parameter arrays and
 * their text at once, ~35 MB, while the recommender's arrays were still waiting for V8 to collect them.
 */
const INSERT_CUSTOMERS = 10_000;

/** Stores one as-of's recommendations (replacing any earlier set of that as-of) and its run row. */
export async function replaceRecommendations(
  db: Database,
  asOf: LocalTimestamp,
  method: string,
  recommendations: readonly { customerId: number; stockCodes: readonly string[] }[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(sqlFile('recommend/replace_run'), [asOf, method, recommendations.length], 'recommend/replace_run');
    await tx.query(sqlFile('recommend/delete_recommendations'), [asOf], 'recommend/delete_recommendations');
    for (let from = 0; from < recommendations.length; from += INSERT_CUSTOMERS) {
      const customerIds: number[] = [];
      const ranks: number[] = [];
      const stockCodes: string[] = [];
      for (const { customerId, stockCodes: codes } of recommendations.slice(from, from + INSERT_CUSTOMERS)) {
        codes.forEach((code, i) => {
          customerIds.push(customerId);
          ranks.push(i + 1);
          stockCodes.push(code);
        });
      }
      await tx.query(sqlFile('recommend/insert_recommendations'), [asOf, customerIds, ranks, stockCodes], 'recommend/insert_recommendations');
    }
  });
}

const runRow = z.object({
  as_of: text,
  method: text,
  customers: count,
  computed_at: text,
  newer_orders: z.boolean(),
  loaded_since: z.boolean(),
});
export type RecommendationRunRow = z.infer<typeof runRow>;
/** The newest stored run at or before the as-of, if any. */
export const latestRecommendationRun = async (db: Queryable, asOf: LocalTimestamp): Promise<RecommendationRunRow | undefined> =>
  (await runQuery(db, 'recommend/latest_run', [asOf], runRow))[0];

const storedRow = z.object({ customer_id: count, rank: count, stock_code: text, description: text });
export type StoredRecommendationRow = z.infer<typeof storedRow>;
export const storedRecommendations = (db: Queryable, runAsOf: LocalTimestamp, asOf: LocalTimestamp) =>
  runQuery(db, 'recommend/stored_recommendations', [runAsOf, asOf], storedRow);
