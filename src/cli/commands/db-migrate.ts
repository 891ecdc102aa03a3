import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandGroup } from '../command-groups.js';

export function register(program: Command, io: CliIo): void {
  commandGroup(program, 'db')
    .command('migrate')
    .description('apply the schema migrations this database has not seen')
    .action(async () => (await import('./db-migrate.action.js')).dbMigrate(io));
}
