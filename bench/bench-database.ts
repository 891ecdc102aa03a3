import pg from 'pg';

/** The PostgreSQL server the benches create their databases on (each bench drops and recreates its own). */
export const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs statements one after the other, each on its own (VACUUM and CREATE DATABASE refuse a transaction), on one connection to `url`. */
export async function runStatements(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs one statement on the admin database (CREATE/DROP DATABASE cannot run inside the bench's own). */
export const admin = (sql: string): Promise<void> => runStatements(ADMIN_URL, sql);

/** The URL of `database` on the admin server. */
export function benchDatabaseUrl(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = '/' + database;
  return url.toString();
}
