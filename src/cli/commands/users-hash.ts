import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandGroup } from '../command-groups.js';

export function register(program: Command, io: CliIo): void {
  commandGroup(program, 'users')
    .command('hash')
    .description('print the hash of a password, for config/users.yaml (reads the password from the terminal or stdin)')
    .action(async () => (await import('./users-hash.action.js')).usersHash(io));
}
