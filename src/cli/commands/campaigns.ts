import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { asOfOption } from '../common-options.js';
import type { CampaignsOptions } from './campaigns.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('campaigns')
    .description('campaigns (one per printed segment brief) with hold-out results once their window has closed')
    .addOption(asOfOption())
    .option('--json', 'print JSON')
    .action(async (options: CampaignsOptions) => (await import('./campaigns.action.js')).campaigns(options, io));
}
