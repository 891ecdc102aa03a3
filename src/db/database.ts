/**
 * The one seam between our code and a PostgreSQL engine. Two engines stand behind it: a real server
 * (node-postgres) and an embedded one (PGlite) for users with no server. Both run the same SQL files.
 *
 * Rows come back exactly as the driver gives them; our SQL casts what it returns (int, float8, text)
 * so both engines give the same JavaScript types.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with $1..$n parameters. `name` labels errors (usually the SQL file's name). */
  query<R extends Row = Row>(text: string, params?: readonly unknown[], name?: string): Promise<R[]>;
  /** A script of several statements, no parameters (migrations, derived-table rebuilds). */
  exec(script: string, name?: string): Promise<void>;
  /**
   * `COPY table (...) FROM STDIN` fed with text-format COPY data, as UTF-8 bytes, each chunk ending at a
   * row's end: the embedded engine copies a batch of chunks per statement, so outside a transaction a
   * failure there would keep the batches before it. `name` labels errors (usually the SQL file's name).
   */
  copyFrom(copyStatement: string, data: AsyncIterable<Uint8Array>, name?: string): Promise<void>;
  /**
   * `COPY (...) TO STDOUT` read back as chunks of UTF-8 bytes, as the server sends them (a chunk may end
   * inside a character): the loader reads a source table's rows as bytes, copyRows decodes them.
   */
  copyTo(copyStatement: string): AsyncIterable<Buffer>;
}

export interface LockOptions {
  /**
   * Gives up with LockBusyError when the lock is not free by then (ms); unset, waits as long as it is held.
   * The embedded database is one process's (its own queue of holders), so it waits there in any case.
   */
  waitMs?: number;
}

export interface Database extends Queryable {
  readonly engine: 'postgres' | 'embedded';
  /** Human-readable location, for logs (the URL without password, or the embedded data folder). */
  readonly location: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one read-only REPEATABLE READ transaction: every query sees the same committed state,
   * so a load that commits while a report is read cannot give the report half of each.
   */
  readSnapshot<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding a lock named `key` that every process using this database respects (a
   * PostgreSQL advisory lock on a connection of its own, outside the pool, so a job holding it can never
   * starve itself of pooled connections). `lockLost` aborts when that connection breaks: the lock is then
   * gone and the work should stop before its next outward step.
   */
  withLock<T>(key: string, work: (lockLost: AbortSignal) => Promise<T>, options?: LockOptions): Promise<T>;
  /** Whether some process holds the lock named `key` now (a job asks before queueing work that would wait on it). */
  isLocked(key: string): Promise<boolean>;
  close(): Promise<void>;
}
