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
const HISTORY_COLUMNS = Object.keys(historyRow.shape) as (keyof CustomerHistory)[];
const WIDTH = HISTORY_COLUMNS.length;

/** What the models need of a list of customers: an array of rows has it, and so has CustomerHistories. */
export interface CustomerList extends Iterable<CustomerHistory> {
  readonly length: number;
  map<T>(f: (c: CustomerHistory, index: number) => T): T[];
}

/**
 * The customers at a cut-off, packed: their numbers in one Float64Array, off V8's heap, in the order the
 * query gave them (null as NaN, which no checked row holds). A row object is made each time one is asked
 * for, and is garbage as soon as its reader is done with it: as row objects (~220 bytes each), the six
 * histories a prediction reads (three for the fit, three for the back-test of the spend model) were ~80 MB
 * at 10× that V8 let pile up on its heap with the rest of the prediction's garbage, into the
 * recommendations that come after.
 */
export class CustomerHistories implements CustomerList {
  constructor(
    private readonly values: Float64Array,
    readonly length: number,
  ) {}

  at(index: number): CustomerHistory {
    const v = this.values;
    const at = index * WIDTH;
    const nullable = (value: number) => (Number.isNaN(value) ? null : value);
    // In HISTORY_COLUMNS' order (the schema's).
    return {
      customer_id: v[at]!, recency_days: v[at + 1]!, tenure_days: v[at + 2]!, frequency: v[at + 3]!, monetary: v[at + 4]!, orders_last_90: v[at + 5]!,
      spend_last_90: v[at + 6]!, spend_last_365: v[at + 7]!, orders_year_before_horizon: v[at + 8]!, purchase_days: v[at + 9]!,
      repeat_mean_value: nullable(v[at + 10]!), future_orders: v[at + 11]!, future_spend: v[at + 12]!, next_order_days: nullable(v[at + 13]!),
    };
  }

  map<T>(f: (c: CustomerHistory, index: number) => T): T[] {
    const result: T[] = [];
    for (let index = 0; index < this.length; index += 1) result.push(f(this.at(index), index));
    return result;
  }

  *[Symbol.iterator](): Iterator<CustomerHistory> {
    for (let index = 0; index < this.length; index += 1) yield this.at(index);
  }
}

/**
 * Streamed (COPY) and checked row by row: fetched as row objects, the three histories a fit reads at once
 * were held twice (the driver's rows and the checked copies), ~100 MB at 10×. Every column is a number.
 */
export async function customerHistory(db: Queryable, cutoff: LocalTimestamp, horizonDays: number): Promise<CustomerHistories> {
  const name = 'predict/customer_history';
  let values = new Float64Array(1024 * WIDTH);
  let rows = 0;
  for await (const fields of copyRows(db, name, [cutoff, horizonDays], HISTORY_COLUMNS)) {
    const value = Object.fromEntries(HISTORY_COLUMNS.map((column, i) => [column, fields[i] === null ? null : Number(fields[i])]));
    const row = checkRow(name, rows, historyRow, value);
    if ((rows + 1) * WIDTH > values.length) {
      const larger = new Float64Array(values.length * 2);
      larger.set(values);
      values = larger;
    }
    HISTORY_COLUMNS.forEach((column, i) => (values[rows * WIDTH + i] = row[column] ?? Number.NaN));
    rows += 1;
  }
  return new CustomerHistories(values.slice(0, rows * WIDTH), rows);
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
