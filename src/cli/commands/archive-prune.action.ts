import { pruneArchive } from '../../archive/archive-retention.js';
import { UsageError } from '../../errors.js';
import { archiveFolder, outboxFolder } from '../../services/services.js';
import { textTable } from '../../text/text-table.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface ArchivePruneOptions {
  olderThan?: number;
  dryRun?: boolean;
  json?: boolean;
}

export async function archivePrune(options: ArchivePruneOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database, environment, log }) => {
    const keepDays = options.olderThan ?? environment.LGS_ARCHIVE_KEEP_DAYS;
    if (keepDays === undefined) throw new UsageError('no keep-period: set LGS_ARCHIVE_KEEP_DAYS or give --older-than <days>', { option: '--older-than' });
    const result = await pruneArchive(await database(), {
      archiveFolder: archiveFolder(environment),
      outboxFolder: outboxFolder(environment),
      keepDays,
      dryRun: options.dryRun,
      log,
    });
    if (options.json) {
      io.stdout.write(JSON.stringify({ dryRun: Boolean(options.dryRun), keepDays, ...result }, null, 2) + '\n');
      return;
    }
    const verb = options.dryRun ? 'would remove' : 'removed';
    const lines = [
      `Keep-period ${keepDays} days: runs that finished before ${result.cutoff.slice(0, 10)}.`,
      `${verb} the files of ${result.runs.length} run(s): ${result.files} file(s), ${(result.bytes / 1024 / 1024).toFixed(1)} MB; ` +
        `${result.outboxFiles} outbox message(s); ${result.unrecordedFiles} archive file(s) no run recorded.`,
    ];
    if (result.restoredFiles > 0) lines.push(`put back ${result.restoredFiles} file(s) an interrupted prune had moved aside.`);
    if (result.runs.length > 0) {
      lines.push('', textTable(['Run', 'Schedule', 'Period', 'Status', 'Files'], result.runs.map((r) => [String(r.run_id), r.schedule, r.period, r.status, String(r.files)])));
    }
    io.stdout.write(lines.join('\n') + '\n');
  });
}
