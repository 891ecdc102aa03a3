/**
 * Error classes that keep their cause and the context needed to act on them (which file, which line,
 * which query). Every error the CLI prints is one of these, or what the operating system refused (a Node
 * error with an E… code: a file that exists, a port in use), printed on one line; anything else is a bug and
 * shows its stack.
 */
export class LgsError extends Error {
  override readonly name: string = 'LgsError';
  constructor(
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Invalid environment or config file: names the source (file/variable), and where known line and field. */
export class ConfigError extends LgsError {
  override readonly name = 'ConfigError';
}

/** A CSV whose header matches no known layout, or that cannot be read at all. */
export class CsvLayoutError extends LgsError {
  override readonly name = 'CsvLayoutError';
}

/** A load that failed part-way; the warehouse was rolled back to what it was before. */
export class LoadError extends LgsError {
  override readonly name = 'LoadError';
}

/** `lgs ingest`: files of the drop folder rejected or left unreadable (the run itself went through). */
export class IngestAttentionError extends LgsError {
  override readonly name = 'IngestAttentionError';
}

/** Bad command-line input (e.g. an as-of date that does not parse). */
export class UsageError extends LgsError {
  override readonly name: string = 'UsageError';
}

/** A named lock (Database.withLock) still held by another process when the caller's wait ran out. */
export class LockBusyError extends LgsError {
  override readonly name = 'LockBusyError';
}

/** A back-test whose outcome window, the days after its cut-off, runs past the data (a cut-off too late). */
export class UncoveredWindowError extends UsageError {
  override readonly name = 'UncoveredWindowError';
}

/**
 * A statement the database refused. Keeps PostgreSQL's own fields (code, detail, hint, position) as
 * node-postgres reports them, plus the name of our SQL file, so a failure points at the query to fix.
 */
export class QueryError extends LgsError {
  override readonly name = 'QueryError';
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly position: string | undefined;

  constructor(query: string, cause: unknown) {
    const pgFields = (cause ?? {}) as { code?: string; detail?: string; hint?: string; position?: string; message?: string };
    super(`query ${query} failed: ${pgFields.message ?? String(cause)}`, { query }, { cause });
    this.code = pgFields.code;
    this.detail = pgFields.detail;
    this.hint = pgFields.hint;
    this.position = pgFields.position;
  }
}

/** No Chromium to print with: says where we looked and how to install it. */
export class BrowserNotFoundError extends LgsError {
  override readonly name = 'BrowserNotFoundError';
}

/** Printing a document failed or took longer than its time limit. */
export class PdfPrintError extends LgsError {
  override readonly name = 'PdfPrintError';
}

/** A report that would come out blank or incomplete (a chart without marks, a missing section, no text). */
export class ReportVerificationError extends LgsError {
  override readonly name = 'ReportVerificationError';
}

/** Some recipients of a run were not reached yet; the job is retried for them only. */
export class DeliveryIncompleteError extends LgsError {
  override readonly name = 'DeliveryIncompleteError';
}

/** Too little history before an as-of to learn a prediction from (reports then go without one). */
export class InsufficientHistoryError extends LgsError {
  override readonly name = 'InsufficientHistoryError';
}

/** An archived file whose bytes no longer match the sha256 recorded when it was stored. */
export class ArchiveIntegrityError extends LgsError {
  override readonly name = 'ArchiveIntegrityError';
}

/** The database could not be reached or did not answer in time (connection, statement or lock timeout). */
export class DatabaseUnavailableError extends LgsError {
  override readonly name: string = 'DatabaseUnavailableError';
}

/**
 * The embedded database's folder is open in another process (PGlite has no locking of its own, and two
 * processes writing one folder break it for good): names the folder and the process holding it.
 */
export class EmbeddedDatabaseInUseError extends DatabaseUnavailableError {
  override readonly name = 'EmbeddedDatabaseInUseError';
}

/** A server we depend on (PostgreSQL, Redis, SMTP) cannot be reached: names it, without its password. */
export class ConnectionError extends LgsError {
  override readonly name = 'ConnectionError';
}

/** The database's schema and this program's do not match (migrations pending, or the schema is newer). */
export class SchemaVersionError extends LgsError {
  override readonly name = 'SchemaVersionError';
}

/** The warehouse holds no invoices: nothing to measure or report until a load. */
export class EmptyWarehouseError extends LgsError {
  override readonly name = 'EmptyWarehouseError';
}
