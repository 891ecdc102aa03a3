import type { LoadSummary } from '../warehouse/load.js';

function encodingLine({ decoding }: LoadSummary): string {
  if (!decoding) return '  encoding: not applicable (rows read from a table)';
  const how = decoding.detected ? (decoding.encoding === 'utf-8' ? 'detected' : 'detected: the file is not valid UTF-8') : 'as given';
  const replaced = decoding.replacedCharacters === 0
    ? 'no characters replaced'
    : `${decoding.replacedCharacters} character(s) could not be decoded and were replaced by U+FFFD (see --encoding)`;
  return `  encoding: ${decoding.encoding} (${how}); ${replaced}`;
}

/** What `lgs load` and `lgs demo` print about a load: counts, duplicates, timings and the first rejects. */
export function loadSummaryText(summary: LoadSummary): string {
  if (summary.alreadyLoaded) {
    const earlier = summary.alreadyLoaded;
    return `${summary.sourceFile}: already loaded byte for byte (load ${earlier.loadId}, ${earlier.sourceFile}, ${earlier.loadedAt}); skipped, nothing changed`;
  }
  const t = summary.timingsMs;
  const lines = [
    `${summary.sourceFile} (${summary.layout}): ${summary.linesRead} lines read, ${summary.linesLoaded} loaded, ${summary.linesRejected} rejected`,
    `  exact duplicate copies in the file: ${summary.duplicateCopiesInFile}; new distinct lines: ${summary.newLines}; lines with more copies: ${summary.linesWithMoreCopies}`,
    encodingLine(summary),
    `  time: ${t.total} ms (read+COPY ${t.readAndCopy}, merge ${t.merge}, derived tables ${t.derivedTables}, analyze ${t.analyze})`,
  ];
  for (const reject of summary.rejects) lines.push(`  rejected line ${reject.line}: ${reject.reason}`);
  if (summary.linesRejected > summary.rejects.length) {
    lines.push(`  … ${summary.linesRejected - summary.rejects.length} more; all are kept in table load_reject (lgs quality)`);
  }
  if (summary.rejectedBefore > 0) {
    lines.push(`  ${summary.rejectedBefore} record(s) an earlier load rejected, read again: not counted again (see lgs quality)`);
  }
  return lines.join('\n');
}
