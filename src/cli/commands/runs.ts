import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { wholeNumberAtLeast } from '../common-options.js';
import type { RunsOptions } from './runs.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('runs')
    .description('the latest report runs and their deliveries')
    .option('--limit <n>', 'how many', wholeNumberAtLeast(1), 20)
    .action(async (options: RunsOptions) => (await import('./runs.action.js')).runs(options, io));
}
