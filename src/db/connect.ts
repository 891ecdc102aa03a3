import { join } from 'node:path';
import type { Environment } from '../config/environment.js';
import { ConnectionError } from '../errors.js';
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

/**
 * The database an ingest table is read from when it is not the warehouse's (`--source-url`,
 * LGS_INGEST_SOURCE_URL): the warehouse's time limits, one query to say at once when it cannot be reached.
 */
export async function openSourceDatabase(url: string, environment: Environment): Promise<Database> {
  const db = connectPostgres(url, {
    poolSize: 2,
    connectTimeoutMs: environment.LGS_DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: environment.LGS_DB_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: environment.LGS_DB_LOCK_TIMEOUT_MS,
  });
  try {
    await checkConnection(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** PostgreSQL's "database does not exist". */
const INVALID_CATALOG_NAME = '3D000';

/**
 * One query before any work, so a wrong or missing database is reported as what it is: "cannot connect to
 * <url without password>: <reason>", with the `createdb` step when the database does not exist.
 */
export async function checkConnection(db: Database): Promise<void> {
  if (db.engine === 'embedded') return;
  try {
    await db.query('SELECT 1', [], 'connection check');
  } catch (error) {
    const cause = ((error as { cause?: unknown }).cause ?? error) as { code?: string; message?: string };
    const reason = cause.message || cause.code || String(cause);
    const url = new URL(db.location);
    const name = decodeURIComponent(url.pathname.slice(1));
    const hint = cause.code === INVALID_CATALOG_NAME ? ` (create it first: createdb -h ${url.hostname} -p ${url.port || 5432}${url.username ? ` -U ${decodeURIComponent(url.username)}` : ''} ${name})` : '';
    throw new ConnectionError(`cannot connect to ${db.location}: ${reason}${hint}`, { database: db.location }, { cause: error });
  }
}
