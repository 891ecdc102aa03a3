import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import { LgsError, LockBusyError, QueryError } from '../errors.js';
import { redactUrl } from '../text/redact-url.js';
import type { Database, Queryable, Row } from './database.js';
import { SnapshotReaders, type SpareConnections } from './snapshot-readers.js';

type Client = pg.PoolClient | pg.Pool;

function queryableOn(client: Client, acquire: () => Promise<pg.PoolClient>): Queryable {
  // Queries handed to one connection at once (a transaction's Promise.all) take turns here: node-postgres
  // still queues them itself, but warns that it will stop doing so in pg 9.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    if (client instanceof pg.Pool) return run();
    const next = turn.then(run, run);
    turn = next.catch(() => undefined);
    return next;
  };
  return {
    async query<R extends Row>(text: string, params: readonly unknown[] = [], name = 'inline') {
      try {
        const result = await inTurn(() => client.query<R>(text, params as unknown[]));
        return result.rows;
      } catch (error) {
        throw new QueryError(name, error);
      }
    },
    async exec(script: string, name = 'script') {
      try {
        await inTurn(() => client.query(script));
      } catch (error) {
        throw new QueryError(name, error);
      }
    },
    async copyFrom(copyStatement: string, data: AsyncIterable<Uint8Array>, name = 'copy') {
      // COPY needs one dedicated connection; inside a transaction that is the transaction's client.
      const connection = client instanceof pg.Pool ? await acquire() : client;
      try {
        const copy = copyFromStream(copyStatement);
        // A COPY lasts as long as its file is big: the client-side read limit (meant for a server that
        // stopped answering) would cut a large load; keepAlive and the server's own limits still apply.
        (copy as unknown as { query_timeout: number }).query_timeout = 2_147_483_647;
        await pipeline(Readable.from(data), connection.query(copy));
      } catch (error) {
        // Our own errors (e.g. a bad CSV header found while streaming) pass through unchanged.
        throw error instanceof LgsError ? error : new QueryError(name, error);
      } finally {
        if (connection !== client) connection.release();
      }
    },
    async *copyTo(copyStatement: string) {
      const connection = client instanceof pg.Pool ? await acquire() : client;
      const copy = copyToStream(copyStatement);
      // Whether the connection is back between statements: the COPY was read to its end, or the server
      // ended it with an error of its own.
      let settled = false;
      try {
        for await (const chunk of connection.query(copy)) yield chunk as Buffer;
        settled = true;
      } catch (error) {
        // Only the server's own error leaves the connection between statements: node-postgres' read limit
        // (query_timeout) fails the COPY on the client side while the server may still be sending it.
        settled = error instanceof pg.DatabaseError;
        throw error instanceof LgsError ? error : new QueryError('copy to', error);
      } finally {
        // node-postgres arms a read timer (query_timeout) for every query and disarms it through the query's
        // callback, which pg-copy-streams' COPY TO never calls: left armed, it kept the process alive for
        // query_timeout (5 minutes by default) after the COPY had been read.
        (copy as unknown as { callback?: () => void }).callback?.();
        // A reader that stopped part-way (a failed load of a table source, a row that failed its check)
        // leaves the server in the middle of sending the COPY, and nothing else can run on that connection:
        // returned to the pool as it was, the next query on it waited for ever. It is closed instead (the
        // server then drops the COPY); a transaction's own connection too, so the transaction fails. (With a
        // query in flight, end() destroys the socket rather than waiting for it.)
        if (connection !== client) connection.release(settled ? undefined : true);
        else if (!settled) connection.end().catch(() => undefined);
      }
    },
  };
}

/** How long the database may take before a call fails, and how many connections the pool keeps. */
export interface PostgresOptions {
  poolSize?: number;
  /** Opening a connection (an unreachable server fails after this, instead of hanging). */
  connectTimeoutMs?: number;
  /** One statement on the server; also bounds waiting for a reply from a server that went silent. */
  statementTimeoutMs?: number;
  /** Waiting for a row or table lock held by someone else. */
  lockTimeoutMs?: number;
}

export const POSTGRES_DEFAULTS: Required<PostgresOptions> = { poolSize: 4, connectTimeoutMs: 10_000, statementTimeoutMs: 300_000, lockTimeoutMs: 30_000 };

/**
 * Connections a report's snapshot may borrow besides its own (snapshot-readers.ts): one more runs its
 * independent queries on a second server core, which is what a 2-core server has to give.
 */
const SNAPSHOT_EXTRA_READERS = 1;

/** How often a job waiting for another worker's run lock asks again. */
const LOCK_POLL_MS = 250;
/** The 64-bit advisory lock a lock's name (parameter $1) stands for. */
const ADVISORY_KEY = 'hashtextextended($1, 0)';
/**
 * Whether any session of this database holds that lock: pg_locks shows an advisory lock taken with one
 * bigint as its high and low 32 bits in classid and objid, with objsubid 1.
 */
const ADVISORY_LOCK_HELD = `SELECT EXISTS (
  SELECT 1 FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 1
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND ((classid::bigint << 32) | objid::bigint) = ${ADVISORY_KEY}
) AS locked`;

function clientConfig(url: string, options: Required<PostgresOptions>): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    lock_timeout: options.lockTimeoutMs,
    // A transaction left open by a stuck caller releases its locks instead of blocking loads for ever.
    idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs, 60_000) * 2,
    // statement_timeout is enforced by the server; a server that stopped answering (host down, network
    // cut) is caught by this client-side limit, a little later so the server's own error wins when it can.
    query_timeout: options.statementTimeoutMs + 5_000,
    keepAlive: true,
  };
}

export function connectPostgres(url: string, options: PostgresOptions = {}): Database {
  const settings = { ...POSTGRES_DEFAULTS, ...options };
  const config = clientConfig(url, settings);
  const pool = new pg.Pool({ ...config, max: settings.poolSize });
  // An idle pooled connection the server closes (restart, failover, admin) reports here; the pool drops
  // it and opens a new one on next use. Without a listener Node would treat it as a crash.
  pool.on('error', () => undefined);
  // A connection in use has no listener of the pool's: when its server goes away without a word (a
  // terminated backend mid-COPY, a failover), node-postgres emits 'error' on it and, unheard, that crashed
  // the whole process (a worker's other jobs with it). The statement running on it fails and says so; the
  // broken connection is then dropped by whoever releases it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const acquire = () => pool.connect();
  const spare: SpareConnections = {
    take: async () => (pool.waitingCount === 0 && (pool.idleCount > 0 || pool.totalCount < settings.poolSize) ? pool.connect() : undefined),
  };
  const safeUrl = redactUrl(url);
  const inTransaction = async <T>(begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    // A connection whose ROLLBACK failed (timed out, broken) is dropped, not handed to the next caller.
    let broken: Error | undefined;
    try {
      // Wrapped as every statement is, so that callers can tell a server gone away (no SQLSTATE, 57P01…)
      // from a statement the server refused.
      await client.query(begin).catch((error: unknown) => {
        throw new QueryError('begin', error);
      });
      const result = await work(client);
      await client.query('COMMIT').catch((error: unknown) => {
        throw new QueryError('commit', error);
      });
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  };
  return {
    engine: 'postgres',
    location: safeUrl,
    ...queryableOn(pool, acquire),
    transaction: (work) => inTransaction('BEGIN', (client) => work(queryableOn(client, acquire))),
    readSnapshot: (work) =>
      inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
        const readers = new SnapshotReaders(client, spare, SNAPSHOT_EXTRA_READERS);
        try {
          return await work(readers.queryable());
        } finally {
          await readers.release();
        }
      }),
    async withLock(key, work, options = {}) {
      const deadline = options.waitMs === undefined ? Infinity : Date.now() + options.waitMs;
      // A session lock on a connection of its own: released by unlock, or by the server when a crashed
      // worker's connection drops. Polled with try-lock, so no statement waits longer than the timeouts.
      const client = new pg.Client(config);
      const lost = new AbortController();
      client.on('error', (error) => lost.abort(error));
      client.on('end', () => lost.abort(new Error('the lock connection closed')));
      try {
        await client.connect();
      } catch (error) {
        throw new QueryError(`lock ${key}`, error);
      }
      try {
        for (;;) {
          const [row] = (await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${ADVISORY_KEY}) AS locked`, [key])).rows;
          if (row?.locked) break;
          if (Date.now() >= deadline) throw new LockBusyError(`the lock ${key} is held by another process, still after ${options.waitMs} ms`, { lock: key, waitedMs: options.waitMs });
          await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
        }
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error instanceof LockBusyError ? error : new QueryError(`lock ${key}`, error);
      }
      try {
        return await work(lost.signal);
      } finally {
        // Ending the session releases the lock too, also when the unlock itself cannot be sent.
        await client.query(`SELECT pg_advisory_unlock(${ADVISORY_KEY})`, [key]).catch(() => undefined);
        await client.end().catch(() => undefined);
      }
    },
    async isLocked(key) {
      const [row] = await queryableOn(pool, acquire).query<{ locked: boolean }>(ADVISORY_LOCK_HELD, [key], `is ${key} locked`);
      return row!.locked;
    },
    async close() {
      await pool.end();
    },
  };
}
