/**
 * One cell of a CSV file the product writes (RFC 4180 quoting), safe to open in a spreadsheet.
 *
 * Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by Excel,
 * LibreOffice and Google Sheets (CSV injection: `=HYPERLINK(...)` in a country or product description
 * would run when a manager opens the file). As OWASP recommends, such text gets a leading single quote,
 * which spreadsheets show as plain text. Numbers are written as numbers: a negative amount stays `-12.50`,
 * so only values typed as text are ever neutralised.
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue, options: { decimals?: number } = {}): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    text = options.decimals === undefined ? String(value) : value.toFixed(options.decimals);
  } else {
    text = FORMULA_START.test(value) ? `'${value}` : value;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV line (without its line end) from cells already made by `csvCell`. */
export function csvLine(cells: readonly string[]): string {
  return cells.join(',');
}
