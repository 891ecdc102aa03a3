import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandGroup } from '../command-groups.js';
import { schedulesFileOption, wholeNumberAtLeast } from '../common-options.js';
import type { SchedulesListOptions } from './schedules-list.action.js';

export function register(program: Command, io: CliIo): void {
  commandGroup(program, 'schedules')
    .command('list')
    .description('the schedules with their next run times')
    .addOption(schedulesFileOption())
    .option('--count <n>', 'next runs to show per schedule', wholeNumberAtLeast(1), 3)
    .action(async (options: SchedulesListOptions) => (await import('./schedules-list.action.js')).schedulesList(options, io));
}
