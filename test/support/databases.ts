import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { openEmbedded, type EmbeddedOptions } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { connectPostgres } from '../../src/db/postgres.js';

/** The real PostgreSQL server the tests use; a fresh database is created on it per test file. */
export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Database;
  /** The connection URL (postgres) or data folder (embedded). */
  location: string;
  dispose(): Promise<void>;
}

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = '/' + database;
  return url.toString();
}

/** A new database on the server; migrated unless `migrated: false` (to test `lgs db migrate` itself). */
export async function freshPostgres(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `lgs_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = urlFor(name);
  const db = connectPostgres(url);
  if (options.migrated !== false) await migrate(db);
  return {
    db,
    location: url,
    async dispose() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export async function freshEmbedded(options: EmbeddedOptions = {}): Promise<TestDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'lgs-pglite-'));
  const db = await openEmbedded(folder, options);
  await migrate(db);
  return {
    db,
    location: folder,
    async dispose() {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export const ENGINES = { postgres: () => freshPostgres(), embedded: freshEmbedded } as const;
