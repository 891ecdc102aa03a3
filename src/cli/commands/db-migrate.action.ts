import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export async function dbMigrate(io: CliIo): Promise<void> {
  await withServices(io, async (services) => {
    const applied = await services.migrateDatabase();
    const db = await services.connection();
    io.stdout.write(applied.length > 0 ? `${db.location}: applied ${applied.map((name) => name.replace(/^migrations\//, '')).join(', ')}\n` : `${db.location}: schema up to date\n`);
  });
}
