import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('send one run of a schedule now, through the queue (a worker does it)')
    .argument('<schedule>', 'schedule name')
    .action(async (name: string) => (await import('./run.action.js')).run(name, io));
}
