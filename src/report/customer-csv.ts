import type { MemberGroup } from '../campaigns/holdout.js';
import type { RfmCustomerRow } from '../queries/metric-queries.js';
import { csvCell, csvLine } from '../text/csv-cell.js';

/** A customer line of a brief's CSV: the RFM row and the campaign's marks. */
export interface BriefCustomerRow extends RfmCustomerRow {
  /** Stock codes recommended to the customer (lgs recommend), best first; empty when none are stored. */
  recommended_products?: readonly string[];
  /** Entered the segment in the 28 days before the as-of (the trigger list). */
  entered: boolean;
  /** target: contact; holdout: do not contact (the campaign's comparison group). */
  group: MemberGroup;
}

/**
 * The CSV's columns, in order: one line each, so a column is added (or moved) in one place. Empty
 * prediction cells: no prediction was stored for this as-of (too little history to learn from).
 */
const COLUMNS: readonly { header: string; cell: (row: BriefCustomerRow) => string }[] = [
  { header: 'customer_id', cell: (r) => csvCell(r.customer_id) },
  { header: 'country', cell: (r) => csvCell(r.country) },
  { header: 'segment', cell: (r) => csvCell(r.segment) },
  { header: 'recency_days', cell: (r) => csvCell(r.recency_days) },
  { header: 'frequency', cell: (r) => csvCell(r.frequency) },
  { header: 'monetary', cell: (r) => csvCell(r.monetary, { decimals: 2 }) },
  { header: 'r_score', cell: (r) => csvCell(r.r) },
  { header: 'f_score', cell: (r) => csvCell(r.f) },
  { header: 'm_score', cell: (r) => csvCell(r.m) },
  { header: 'order_probability_90d', cell: (r) => csvCell(r.order_probability_90d, { decimals: 4 }) },
  { header: 'expected_spend_12m', cell: (r) => csvCell(r.expected_spend_12m, { decimals: 2 }) },
  // Which figure expected_spend_12m is: the model's only where it passed its back-test (docs/prediction.md).
  { header: 'spend_12m_method', cell: (r) => csvCell(r.spend_method === null || r.expected_spend_12m === null ? null : r.spend_method === 'model' ? 'model' : 'naive: spend in the last 365 days') },
  { header: 'expected_next_order', cell: (r) => csvCell(r.order_probability_90d === null ? null : (r.expected_next_order ?? 'unlikely within 90 days')) },
  { header: 'recommended_products', cell: (r) => csvCell((r.recommended_products ?? []).join('|')) },
  { header: 'entered', cell: (r) => csvCell(String(r.entered)) },
  { header: 'group', cell: (r) => csvCell(r.group) },
];

/**
 * A segment's customer list as CSV (CRLF line ends, as RFC 4180 and spreadsheet tools expect): the
 * customers who entered the segment first, then the others, each by customer id.
 */
export function customersCsv(rows: readonly BriefCustomerRow[]): string {
  const ordered = [...rows].sort((a, b) => Number(b.entered) - Number(a.entered) || a.customer_id - b.customer_id);
  const lines = [csvLine(COLUMNS.map((c) => csvCell(c.header)))];
  for (const row of ordered) lines.push(csvLine(COLUMNS.map((c) => c.cell(row))));
  return lines.join('\r\n') + '\r\n';
}
