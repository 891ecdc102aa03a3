import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('resend')
    .description("send a run's report to one recipient again (e.g. one lgs runs shows as uncertain), through the queue")
    .argument('<run>', 'run id (lgs runs)')
    .argument('<address>', 'recipient e-mail address')
    .action(async (run: string, address: string) => (await import('./resend.action.js')).resend(run, address, io));
}
