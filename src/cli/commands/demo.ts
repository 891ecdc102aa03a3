import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { outOption } from '../common-options.js';
import type { DemoOptions } from './demo.action.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('the quick start: load the committed sample, print its metrics, write the weekly report and every segment brief')
    .addOption(outOption())
    .action(async (options: DemoOptions) => (await import('./demo.action.js')).demo(options, io));
}
