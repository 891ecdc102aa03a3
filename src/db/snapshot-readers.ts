import type pg from 'pg';
import { QueryError } from '../errors.js';
import type { Queryable, Row } from './database.js';

/**
 * One read-only REPEATABLE READ snapshot served by several connections. The first connection (whose
 * transaction the caller opened) exports its snapshot at the first query (pg_export_snapshot); up to
 * `extra` more connections import it (SET TRANSACTION SNAPSHOT), so a report's independent queries run
 * side by side on the server's cores and still all see one committed state.
 *
 * Extra connections are only taken when the pool can spare them at once: a report never waits for, or
 * starves, another job of a connection; without them every query runs on the first connection. Each
 * connection runs one statement at a time: queries wait in one queue and go to whichever connection is
 * free first, so a long query on one does not hold back the short ones behind it.
 */
export interface SpareConnections {
  /** A pooled connection if one is free now (or may be opened without waiting), else undefined. */
  take(): Promise<pg.PoolClient | undefined>;
}

interface Reader {
  client: pg.PoolClient;
  busy: boolean;
  /** Settles when the connection's current statement has (the transaction can then be ended). */
  idle: Promise<void>;
}

interface Waiting {
  statement: (client: pg.PoolClient) => Promise<unknown>;
  settle: (outcome: { value?: unknown; error?: unknown }) => void;
}

/** What PostgreSQL's snapshot identifiers look like ('00000003-0000001B-1'): checked before SET uses it. */
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$/i;

export class SnapshotReaders {
  private readonly readers: Reader[];
  private readonly waiting: Waiting[] = [];
  private opening: Promise<void> | undefined;

  constructor(
    first: pg.PoolClient,
    private readonly spare: SpareConnections,
    private readonly extra: number,
  ) {
    this.readers = [{ client: first, busy: false, idle: Promise.resolve() }];
  }

  queryable(): Queryable {
    const first = this.readers[0]!;
    return {
      query: async <R extends Row>(text: string, params: readonly unknown[] = [], name = 'inline') => {
        this.opening ??= this.open();
        await this.opening;
        const result = await this.run((client) => client.query<R>(text, params as unknown[]), name);
        return result.rows;
      },
      // Scripts come before the first query (the report's table locks) and stay on the first connection.
      exec: async (script: string, name = 'script') => {
        await this.run((client) => client.query(script), name, first);
      },
      copyFrom: () => Promise.reject(new Error('COPY FROM in a read-only snapshot')),
      copyTo: () => {
        throw new Error('COPY TO is not offered on a shared snapshot');
      },
    };
  }

  /** Ends the imported transactions and returns their connections (the first one is the caller's). */
  async release(): Promise<void> {
    await this.opening?.catch(() => undefined);
    for (const reader of this.readers.slice(1)) {
      await reader.idle;
      let broken: Error | undefined;
      await reader.client.query('COMMIT').catch((error: Error) => (broken = error));
      reader.client.release(broken);
    }
    this.readers.length = 1;
  }

  private async open(): Promise<void> {
    if (this.extra <= 0) return;
    const first = this.readers[0]!;
    const [row] = (await this.run((client) => client.query<{ id: string }>('SELECT pg_export_snapshot() AS id'), 'export snapshot', first)).rows;
    const id = row?.id ?? '';
    if (!SNAPSHOT_ID.test(id)) return;
    for (let i = 0; i < this.extra; i++) {
      const client = await this.spare.take();
      if (!client) return;
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await client.query(`SET TRANSACTION SNAPSHOT '${id}'`);
      } catch (error) {
        // Not worth failing the report over: its queries run on the connections that did open.
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(error as Error);
        return;
      }
      this.readers.push({ client, busy: false, idle: Promise.resolve() });
      this.dispatch();
    }
  }

  /** Runs `statement` on `only` (when given) or on the first connection to come free. */
  private run<T>(statement: (client: pg.PoolClient) => Promise<T>, name: string, only?: Reader): Promise<T> {
    if (only) {
      const whenFree = async (): Promise<T> => {
        while (only.busy) await only.idle;
        return this.runOn(only, statement);
      };
      return whenFree().catch((error: unknown) => Promise.reject(new QueryError(name, error)));
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        statement,
        settle: ({ value, error }) => (error === undefined ? resolve(value as T) : reject(new QueryError(name, error))),
      });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const reader of this.readers) {
      if (reader.busy) continue;
      const next = this.waiting.shift();
      if (!next) return;
      void this.runOn(reader, next.statement).then(
        (value) => next.settle({ value }),
        (error: unknown) => next.settle({ error: error ?? new Error('query failed') }),
      );
    }
  }

  private runOn<T>(reader: Reader, statement: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    reader.busy = true;
    const result = statement(reader.client);
    reader.idle = result.then(
      () => undefined,
      () => undefined,
    );
    void reader.idle.then(() => {
      reader.busy = false;
      this.dispatch();
    });
    return result;
  }
}
