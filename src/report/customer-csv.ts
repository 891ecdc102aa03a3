import type { RfmCustomerRow } from '../queries/metric-queries.js';

const CSV_HEADER = ['customer_id', 'country', 'segment', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score'];

/** RFC 4180 quoting: only fields holding a comma, quote or line break are quoted. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A segment's customer list as CSV (CRLF line ends, as RFC 4180 and spreadsheet tools expect). */
export function customersCsv(rows: readonly RfmCustomerRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const row of rows) {
    lines.push([row.customer_id, row.country, row.segment, row.recency_days, row.frequency, row.monetary.toFixed(2), row.r, row.f, row.m].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
