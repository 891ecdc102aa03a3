import type { IngestOutcome } from '../ingest/ingest-job.js';

/** What `lgs ingest` prints about one run of the configured source: each file and what became of it. Pure. */
export function ingestOutcomeText(outcome: IngestOutcome): string {
  if (outcome.source === 'table') {
    return `table ${outcome.table}: ${outcome.linesRead} rows read, ${outcome.newLines} new distinct lines, ${outcome.linesRejected} rejected (lgs quality)`;
  }
  const lines = [`folder ${outcome.folder}:`];
  for (const file of outcome.loaded) {
    lines.push(file.alreadyLoaded
      ? `  ${file.file}: already loaded byte for byte; moved to loaded/`
      : `  ${file.file}: load ${file.loadId}, ${file.newLines} new distinct lines; moved to loaded/`);
  }
  for (const file of outcome.rejected) lines.push(`  ${file.file}: rejected, moved to rejected/ (the reason beside it): ${file.reason}`);
  for (const file of outcome.waiting) lines.push(`  ${file}: still being written, left for the next run`);
  for (const file of outcome.unreadable) lines.push(`  ${file.file}: left in place, this process may not read it: ${file.reason}`);
  for (const file of outcome.unmovable) lines.push(`  ${file.file}: left in place, ${file.reason}`);
  if (lines.length === 1) lines.push('  no new file');
  return lines.join('\n');
}
