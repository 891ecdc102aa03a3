import type { MemberGroup } from '../campaigns/holdout.js';
import type { RfmCustomerRow } from '../queries/metric-queries.js';

/** A customer line of a brief's CSV: the RFM row and the campaign's marks. */
export interface BriefCustomerRow extends RfmCustomerRow {
  /** Entered the segment in the 28 days before the as-of (the trigger list). */
  entered: boolean;
  /** target: contact; holdout: do not contact (the campaign's comparison group). */
  group: MemberGroup;
}

const decimals = (value: number | null, digits: number) => (value === null ? '' : value.toFixed(digits));

/**
 * The CSV's columns, in order: one line each, so a column is added (or its position changed) in one place.
 * Empty prediction fields: no prediction was stored for this as-of (too little history to learn from).
 */
const COLUMNS: readonly { header: string; value: (row: BriefCustomerRow) => string | number }[] = [
  { header: 'customer_id', value: (r) => r.customer_id },
  { header: 'country', value: (r) => r.country },
  { header: 'segment', value: (r) => r.segment },
  { header: 'recency_days', value: (r) => r.recency_days },
  { header: 'frequency', value: (r) => r.frequency },
  { header: 'monetary', value: (r) => r.monetary.toFixed(2) },
  { header: 'r_score', value: (r) => r.r },
  { header: 'f_score', value: (r) => r.f },
  { header: 'm_score', value: (r) => r.m },
  { header: 'order_probability_90d', value: (r) => decimals(r.order_probability_90d, 4) },
  { header: 'expected_spend_12m', value: (r) => decimals(r.expected_spend_12m, 2) },
  { header: 'entered', value: (r) => String(r.entered) },
  { header: 'group', value: (r) => r.group },
];

/** RFC 4180 quoting: only fields holding a comma, quote or line break are quoted. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A segment's customer list as CSV (CRLF line ends, as RFC 4180 and spreadsheet tools expect): the
 * customers who entered the segment first, then the others, each by customer id.
 */
export function customersCsv(rows: readonly BriefCustomerRow[]): string {
  const ordered = [...rows].sort((a, b) => Number(b.entered) - Number(a.entered) || a.customer_id - b.customer_id);
  const lines = [COLUMNS.map((c) => c.header).join(',')];
  for (const row of ordered) lines.push(COLUMNS.map((c) => csvField(c.value(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}
