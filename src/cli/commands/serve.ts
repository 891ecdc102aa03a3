import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description("the managers' page: archived reports, the run log and schedules, behind a login")
    .action(async () => (await import('./serve.action.js')).serve(io));
}
