/**
 * A plain-text table with a header row; numeric columns (every cell a number, a sign, £, % or " pp", or a lone dash)
 * right-aligned. A table without rows has its columns exactly as wide as their headers, so alignment is moot.
 */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  // Stryker disable next-line StringLiteral: equivalent (a missing cell, as '' or any other non-number text, makes the column text)
  const numeric = headers.map((_, i) => rows.every((row) => /^[-+]?£?[\d.,%]+( pp)?$|^—$/.test(row[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
