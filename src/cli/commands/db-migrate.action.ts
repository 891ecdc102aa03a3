import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export async function dbMigrate(io: CliIo): Promise<void> {
  await withServices(io, async (services) => {
    await services.database();
  });
}
