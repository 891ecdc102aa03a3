import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandGroup } from '../command-groups.js';
import { schedulesFileOption } from '../common-options.js';
import type { SchedulesValidateOptions } from './schedules-validate.action.js';

export function register(program: Command, io: CliIo): void {
  commandGroup(program, 'schedules')
    .command('validate')
    .description('check the schedules file; errors name the file, line and field')
    .addOption(schedulesFileOption())
    .action(async (options: SchedulesValidateOptions) => (await import('./schedules-validate.action.js')).schedulesValidate(options, io));
}
