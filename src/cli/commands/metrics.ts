import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { asOfOption } from '../common-options.js';
import type { MetricsOptions } from './metrics.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('metrics')
    .description('print every metric for one as-of instant')
    .addOption(asOfOption())
    .option('--json', 'print one JSON object')
    .action(async (options: MetricsOptions) => (await import('./metrics.action.js')).metrics(options, io));
}
