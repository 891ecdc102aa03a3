import type { RfmCustomerRow } from '../queries/metric-queries.js';
import { csvCell, csvLine } from '../text/csv-cell.js';

const CSV_HEADER = ['customer_id', 'country', 'segment', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'order_probability_90d', 'expected_spend_12m', 'spend_12m_method', 'expected_next_order', 'recommended_products'];

/** A segment's customer list as CSV (CRLF line ends, as RFC 4180 and spreadsheet tools expect). */
export function customersCsv(rows: readonly (RfmCustomerRow & { recommended_products?: readonly string[] })[]): string {
  const lines = [csvLine(CSV_HEADER.map((name) => csvCell(name)))];
  for (const row of rows) {
    lines.push(
      csvLine([
        csvCell(row.customer_id), csvCell(row.country), csvCell(row.segment), csvCell(row.recency_days), csvCell(row.frequency),
        csvCell(row.monetary, { decimals: 2 }), csvCell(row.r), csvCell(row.f), csvCell(row.m),
        // Empty when no prediction was stored for this as-of (too little history to learn from).
        csvCell(row.order_probability_90d, { decimals: 4 }),
        csvCell(row.expected_spend_12m, { decimals: 2 }),
        // Which figure expected_spend_12m is: the model's only where it passed its back-test (docs/prediction.md).
        csvCell(row.spend_method === null || row.expected_spend_12m === null ? null : row.spend_method === 'model' ? 'model' : 'naive: spend in the last 365 days'),
        csvCell(row.order_probability_90d === null ? null : (row.expected_next_order ?? 'unlikely within 90 days')),
        csvCell((row.recommended_products ?? []).join('|')),
      ]),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
