import { join } from 'node:path';
import type { Environment } from '../config/environment.js';
import type { Database } from './database.js';
import { openEmbedded } from './embedded.js';
import { connectPostgres } from './postgres.js';

/**
 * DATABASE_URL selects a server; without it the embedded database under LGS_HOME is used. The pool holds
 * two connections per concurrent job (a job's queries and, inside a transaction, a COPY) plus two spare,
 * so LGS_WORKER_CONCURRENCY jobs never wait on each other for a connection.
 */
export async function openDatabase(environment: Environment): Promise<Database> {
  if (environment.DATABASE_URL) {
    return connectPostgres(environment.DATABASE_URL, {
      poolSize: 2 * environment.LGS_WORKER_CONCURRENCY + 2,
      connectTimeoutMs: environment.LGS_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: environment.LGS_DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: environment.LGS_DB_LOCK_TIMEOUT_MS,
    });
  }
  return openEmbedded(join(environment.LGS_HOME, 'pglite'));
}
