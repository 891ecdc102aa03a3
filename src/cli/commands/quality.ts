import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { asOfOption } from '../common-options.js';
import type { QualityOptions } from './quality.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('quality')
    .description('data-quality summary of the warehouse and its loads')
    .option('--json', 'print JSON')
    .addOption(asOfOption())
    .action(async (options: QualityOptions) => (await import('./quality.action.js')).quality(options, io));
}
