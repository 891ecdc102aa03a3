import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { copyRows } from './copy-rows.js';
import { checkRow, runQuery } from './run-query.js';
import { sqlFile } from './sql-files.js';

const count = z.number().int();
const num = z.number();

const historyRow = z.object({
  customer_id: count, recency_days: count, tenure_days: count, frequency: count, monetary: num, orders_last_90: count,
  spend_last_90: num, spend_last_365: num, orders_year_before_horizon: count, purchase_days: count, repeat_mean_value: num.nullable(),
  future_orders: count, future_spend: num, next_order_days: count.nullable(),
});
/** One customer at a cut-off: what was known before it, and what they did in the horizon after it. */
export type CustomerHistory = z.infer<typeof historyRow>;
const HISTORY_COLUMNS = Object.keys(historyRow.shape);
/**
 * Streamed (COPY) and checked row by row: fetched as row objects, the three histories a fit reads at once
 * were held twice (the driver's rows and the checked copies), ~100 MB at 10×. Every column is a number.
 */
export async function customerHistory(db: Queryable, cutoff: LocalTimestamp, horizonDays: number): Promise<CustomerHistory[]> {
  const name = 'predict/customer_history';
  const rows: CustomerHistory[] = [];
  for await (const fields of copyRows(db, name, [cutoff, horizonDays], HISTORY_COLUMNS)) {
    const value = Object.fromEntries(HISTORY_COLUMNS.map((column, i) => [column, fields[i] === null ? null : Number(fields[i])]));
    rows.push(checkRow(name, rows.length, historyRow, value));
  }
  return rows;
}

export interface StoredScore {
  customerId: number;
  probability: number;
  spend: number;
  /** YYYY-MM-DD, or null: unlikely within 90 days. */
  nextOrder: string | null;
}

export const replacePredictions = (
  db: Queryable,
  asOf: LocalTimestamp,
  rows: readonly StoredScore[],
  run: { model: string; spendMethod: 'model' | 'naive'; spendNote: string },
) =>
  db.query(
    sqlFile('predict/replace_predictions'),
    [asOf, rows.map((r) => r.customerId), rows.map((r) => r.probability), rows.map((r) => r.spend), run.model, rows.map((r) => r.nextOrder), run.spendMethod, run.spendNote],
    'predict/replace_predictions',
  );

const runRow = z.object({
  as_of: z.string(), model: z.string(), spend_method: z.enum(['model', 'naive']), spend_note: z.string(), predicted_at: z.string(),
  older_as_of: z.boolean(), older_load: z.boolean(),
});
export type PredictionInForce = z.infer<typeof runRow>;
/** The newest prediction run at or before a report's as-of, with whether it is older than the report's data. */
export const predictionInForce = async (db: Queryable, asOf: LocalTimestamp): Promise<PredictionInForce | undefined> =>
  (await runQuery(db, 'predict/prediction_in_force', [asOf], runRow))[0];

export const predictionCount = async (db: Queryable, asOf: LocalTimestamp) =>
  (await runQuery(db, 'predict/prediction_count', [asOf], z.object({ customers: count })))[0]?.customers ?? 0;

const lapsesRow = z.object({ recent_customers: count, expected_lapses: num });
export const expectedLapses = async (db: Queryable, asOf: LocalTimestamp) => (await runQuery(db, 'predict/expected_lapses', [asOf], lapsesRow))[0];

const windowRow = z.object({ customers: count.nullable(), spend: num.nullable() });
/** Customers ordering in [from, to) and their order value; nulls when the data does not cover `from`. */
export const windowActivity = async (db: Queryable, from: LocalTimestamp, to: LocalTimestamp) =>
  (await runQuery(db, 'predict/active_customers', [from, to], windowRow))[0] ?? { customers: null, spend: null };
