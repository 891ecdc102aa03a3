import { Option, type Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandGroup } from '../command-groups.js';
import { wholeNumberAtLeast } from '../common-options.js';
import type { ArchivePruneOptions } from './archive-prune.action.js';

export function register(program: Command, io: CliIo): void {
  commandGroup(program, 'archive')
    .command('prune')
    .description('remove archived reports (files and their rows together) and outbox messages older than the keep-period')
    .addOption(
      new Option('--older-than <days>', 'keep-period in days (default: $LGS_ARCHIVE_KEEP_DAYS)').argParser(wholeNumberAtLeast(1)),
    )
    .option('--dry-run', 'only list what would be removed')
    .option('--json', 'print the result as JSON')
    .action(async (options: ArchivePruneOptions) => (await import('./archive-prune.action.js')).archivePrune(options, io));
}
