import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('run scheduled reports: keeps job schedulers in step with the config and works the queue until SIGTERM')
    .action(async () => (await import('./worker.action.js')).worker(io));
}
