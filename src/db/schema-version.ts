import { SchemaVersionError } from '../errors.js';
import type { Logger } from '../log.js';
import { sqlFilesIn } from '../queries/sql-files.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';

/** Where a database's schema stands against the migrations this program knows. */
export interface SchemaState {
  applied: string[];
  /** Known here, not applied there. */
  pending: string[];
  /** Applied there, unknown here: the database was migrated by a newer version. */
  newer: string[];
}

const migrationName = (file: string) => file.replace(/^migrations\//, '').replace(/\.sql$/, '');

export async function schemaState(db: Database): Promise<SchemaState> {
  const known = sqlFilesIn('migrations');
  const hasTable = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migration') IS NOT NULL AS present", [], 'schema_migration');
  const applied = hasTable[0]?.present ? (await db.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY name', [], 'schema_migration')).map((row) => row.name) : [];
  const newestKnown = known.at(-1) ?? '';
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    // Compared by name, which orders by number: only what lies beyond the newest migration we know counts
    // as newer (a renamed old one would be a packaging mistake, not an upgrade).
    newer: applied.filter((name) => !known.includes(name) && name > newestKnown),
  };
}

/**
 * Brings the schema up to date where that is this process's call, and refuses otherwise:
 * - a schema newer than this program (an older lgs started against an upgraded database): always refused;
 * - pending migrations: applied when `mayMigrate` (`lgs db migrate`, the embedded database, or a database
 *   that has no schema yet), else refused with the upgrade steps, so no command of a new version changes
 *   the schema under running workers of the old one.
 */
export async function ensureSchema(db: Database, options: { mayMigrate: boolean; log?: Logger }): Promise<string[]> {
  const state = await schemaState(db);
  if (state.newer.length > 0) {
    throw new SchemaVersionError(
      `the database at ${db.location} has schema ${migrationName(state.newer.at(-1)!)}, newer than this version of lgs knows (newest: ${migrationName(sqlFilesIn('migrations').at(-1) ?? 'none')}): run the newer version of lgs`,
      { database: db.location, newer: state.newer },
    );
  }
  if (state.pending.length === 0) return [];
  if (!options.mayMigrate && state.applied.length > 0) {
    throw new SchemaVersionError(
      `the database at ${db.location} needs schema migrations ${state.pending.map(migrationName).join(', ')}: stop the workers and the page, run \`lgs db migrate\`, then start them again`,
      { database: db.location, pending: state.pending },
    );
  }
  return migrate(db, options.log);
}
