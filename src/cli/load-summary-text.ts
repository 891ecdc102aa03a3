import type { LoadSummary } from '../warehouse/load.js';

/** What `lgs load` and `lgs demo` print about a load: counts, duplicates, timings and the first rejects. */
export function loadSummaryText(summary: LoadSummary): string {
  const t = summary.timingsMs;
  const lines = [
    `${summary.sourceFile} (${summary.layout}): ${summary.linesRead} lines read, ${summary.linesLoaded} loaded, ${summary.linesRejected} rejected`,
    `  exact duplicate copies in the file: ${summary.duplicateCopiesInFile}; new distinct lines: ${summary.newLines}; lines with more copies: ${summary.linesWithMoreCopies}`,
    `  time: ${t.total} ms (read+COPY ${t.readAndCopy}, merge ${t.merge}, derived tables ${t.derivedTables}, analyze ${t.analyze})`,
  ];
  for (const reject of summary.rejects) lines.push(`  rejected line ${reject.line}: ${reject.reason}`);
  if (summary.linesRejected > summary.rejects.length) {
    lines.push(`  … ${summary.linesRejected - summary.rejects.length} more; all are kept in table load_reject (lgs quality)`);
  }
  return lines.join('\n');
}
