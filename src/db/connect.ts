import { join } from 'node:path';
import type { Environment } from '../config/environment.js';
import type { Database } from './database.js';
import { openEmbedded } from './embedded.js';
import { connectPostgres } from './postgres.js';

/** DATABASE_URL selects a server; without it the embedded database under LGS_HOME is used. */
export async function openDatabase(environment: Environment): Promise<Database> {
  if (environment.DATABASE_URL) return connectPostgres(environment.DATABASE_URL);
  return openEmbedded(join(environment.LGS_HOME, 'pglite'));
}
