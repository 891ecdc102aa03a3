import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { LgsError, QueryError } from '../errors.js';
import { redactUrl } from '../text/redact-url.js';
import type { Database, Queryable, Row } from './database.js';

type Client = pg.PoolClient | pg.Pool;

function queryableOn(client: Client, acquire: () => Promise<pg.PoolClient>): Queryable {
  return {
    async query<R extends Row>(text: string, params: readonly unknown[] = [], name = 'inline') {
      try {
        const result = await client.query<R>(text, params as unknown[]);
        return result.rows;
      } catch (error) {
        throw new QueryError(name, error);
      }
    },
    async exec(script: string, name = 'script') {
      try {
        await client.query(script);
      } catch (error) {
        throw new QueryError(name, error);
      }
    },
    async copyFrom(copyStatement: string, data: AsyncIterable<string>) {
      // COPY needs one dedicated connection; inside a transaction that is the transaction's client.
      const connection = client instanceof pg.Pool ? await acquire() : client;
      try {
        await pipeline(Readable.from(data), connection.query(copyFromStream(copyStatement)));
      } catch (error) {
        // Our own errors (e.g. a bad CSV header found while streaming) pass through unchanged.
        throw error instanceof LgsError ? error : new QueryError('copy', error);
      } finally {
        if (connection !== client) connection.release();
      }
    },
  };
}

export function connectPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle pooled connection the server closes (restart, failover, admin) reports here; the pool drops
  // it and opens a new one on next use. Without a listener Node would treat it as a crash.
  pool.on('error', () => undefined);
  const acquire = () => pool.connect();
  const safeUrl = redactUrl(url);
  return {
    engine: 'postgres',
    location: safeUrl,
    ...queryableOn(pool, acquire),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryableOn(client, acquire));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async withLock(key, work) {
      // A session lock on a connection of its own: it is released by unlock, or by the server when a
      // crashed worker's connection drops.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
