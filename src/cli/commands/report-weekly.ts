import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandGroup } from '../command-groups.js';
import { asOfOption, htmlOption, outOption } from '../common-options.js';
import type { ReportWeeklyOptions } from './report-weekly.action.js';

export function register(program: Command, io: CliIo): void {
  commandGroup(program, 'report')
    .command('weekly')
    .description('the weekly marketing report')
    .addOption(asOfOption())
    .addOption(outOption())
    .addOption(htmlOption())
    .action(async (options: ReportWeeklyOptions) => (await import('./report-weekly.action.js')).reportWeekly(options, io));
}
