import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { runQuery } from './run-query.js';
import { sqlFile } from './sql-files.js';

const count = z.number().int();
const num = z.number();

const featureRow = z.object({
  customer_id: count, recency_days: count, tenure_days: count, frequency: count, monetary: num, orders_last_90: count,
  future_orders: count, future_spend: num,
});
export type CustomerFeatures = z.infer<typeof featureRow>;
export const customerFeatures = (db: Queryable, cutoff: LocalTimestamp, horizonDays: number) =>
  runQuery(db, 'predict/customer_features', [cutoff, horizonDays], featureRow);

export const replacePredictions = (
  db: Queryable,
  asOf: LocalTimestamp,
  rows: readonly { customerId: number; probability: number; spend: number }[],
  model: string,
) =>
  db.query(
    sqlFile('predict/replace_predictions'),
    [asOf, rows.map((r) => r.customerId), rows.map((r) => r.probability), rows.map((r) => r.spend), model],
    'predict/replace_predictions',
  );

export const predictionCount = async (db: Queryable, asOf: LocalTimestamp) =>
  (await runQuery(db, 'predict/prediction_count', [asOf], z.object({ customers: count })))[0]?.customers ?? 0;

const lapsesRow = z.object({ recent_customers: count, expected_lapses: num });
export const expectedLapses = async (db: Queryable, asOf: LocalTimestamp) => (await runQuery(db, 'predict/expected_lapses', [asOf], lapsesRow))[0];
