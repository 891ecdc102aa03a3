import type { RfmCustomerRow } from '../queries/metric-queries.js';

const CSV_HEADER = ['customer_id', 'country', 'segment', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'order_probability_90d', 'expected_spend_12m', 'recommended_products'];

/** RFC 4180 quoting: only fields holding a comma, quote or line break are quoted. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A segment's customer list as CSV (CRLF line ends, as RFC 4180 and spreadsheet tools expect). */
export function customersCsv(rows: readonly (RfmCustomerRow & { recommended_products?: readonly string[] })[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.customer_id, row.country, row.segment, row.recency_days, row.frequency, row.monetary.toFixed(2), row.r, row.f, row.m,
        // Empty when no prediction was stored for this as-of (too little history to learn from).
        row.order_probability_90d === null ? '' : row.order_probability_90d.toFixed(4),
        row.expected_spend_12m === null ? '' : row.expected_spend_12m.toFixed(2),
        (row.recommended_products ?? []).join('|'),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
