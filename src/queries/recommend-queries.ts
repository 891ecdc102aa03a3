import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { runQuery } from './run-query.js';

const count = z.number().int();
const num = z.number();
const text = z.string();

const purchaseRow = z.object({ customer_id: count, stock_code: text, orders: count, age_days: num });
export const purchaseHistoryRows = async (db: Queryable, asOf: LocalTimestamp) =>
  (await runQuery(db, 'recommend/purchase_history', [asOf], purchaseRow)).map((r) => ({
    customerId: r.customer_id,
    stockCode: r.stock_code,
    orders: r.orders,
    ageDays: r.age_days,
  }));

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
