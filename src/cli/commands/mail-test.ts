import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandGroup } from '../command-groups.js';

export function register(program: Command, io: CliIo): void {
  commandGroup(program, 'mail')
    .command('test')
    .description("send a test message with the configured transport and print the server's answer")
    .argument('<address>', 'who gets the test message')
    .action(async (address: string) => (await import('./mail-test.action.js')).mailTest(address, io));
}
