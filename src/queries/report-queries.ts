import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { runQuery } from './run-query.js';
import { runStorableQuery } from './stored-reads.js';

/** Typed functions for the queries only the printed reports need (chart data, segment briefs). */
const count = z.number().int();
const num = z.number();
const text = z.string();

const histogramBin = z.object({ bin_start: num, bin_end: num, invoices: count });
export const invoiceAmountHistogram = (db: Queryable, asOf: LocalTimestamp, upperBound: number, bins: number) =>
  runQuery(db, 'metrics/invoice_amount_histogram', [asOf, upperBound, bins], histogramBin);

const gridCell = z.object({ r: count, f: count, customers: count, segment: text });
export type RfmGridCell = z.infer<typeof gridCell>;
export const rfmGrid = (db: Queryable, asOf: LocalTimestamp, grid: readonly string[]) =>
  runQuery(db, 'metrics/rfm_grid', [asOf, grid], gridCell);

const segmentProduct = z.object({
  segment: text,
  stock_code: text,
  description: text,
  quantity: count,
  sales: num,
  buyers: count,
  sales_rank: count,
});
export type SegmentProductRow = z.infer<typeof segmentProduct>;
/** `segments`: the segments to read (every one when left out). Stored by the scoring step for the briefs' default instants. */
export const segmentProducts = (db: Queryable, asOf: LocalTimestamp, grid: readonly string[], from: LocalTimestamp, listLength: number, segments?: readonly string[]) =>
  runStorableQuery(db, 'metrics/segment_products', [asOf, grid, from, listLength, segments ?? null], segmentProduct);

const segmentCountry = z.object({ segment: text, country: text, customers: count, monetary: num });
export type SegmentCountryRow = z.infer<typeof segmentCountry>;
export const segmentCountries = (db: Queryable, asOf: LocalTimestamp, grid: readonly string[]) =>
  runQuery(db, 'metrics/segment_countries', [asOf, grid], segmentCountry);
