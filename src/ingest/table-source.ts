import type { TableColumns } from '../config/schedules-schema.js';
import type { Database } from '../db/database.js';
import { QueryError, UsageError } from '../errors.js';
import { sqlFile } from '../queries/sql-files.js';
import { CsvRecordSplitter } from '../warehouse/csv-records.js';
import { readHeader } from '../warehouse/load.js';
import { loadLines, type LoadOptions, type LoadSummary } from '../warehouse/load-lines.js';

/**
 * `lgs load --from-table <table>`: the rows of a PostgreSQL table (the seed's `retail`, filled by the
 * shop's ETL) that the warehouse does not hold yet, through the same parse, dedup, reject and quality rules
 * as a file. The database writes the rows out as CSV (COPY ... TO STDOUT) under the header of the Online
 * Retail II layout, so the loader reads them exactly as it reads a file.
 *
 * Later runs cost in proportion to the new rows: each load remembers the latest invoice date it read from
 * this source (load_source_watermark) and the next reads from that date on, inclusive; the rows at that
 * date read again are recognised by their line hash, and rows rejected before (dated at or after the
 * watermark, or with no date) by their text, so each is counted once. Rows that arrive later with an older
 * invoice date are read when they are within `lookbackHours` of the watermark (the worker's ingest reads
 * 24 hours back by default), older ones only by a full read (`--full`), which is always safe: held lines
 * are never added twice.
 */
export interface TableSource {
  /** Table name, optionally schema-qualified. */
  table: string;
  columns: TableColumns;
  /** The database holding the table, when it is not the warehouse. */
  sourceDb?: Database;
  /** Read every row instead of those from the watermark on. */
  full?: boolean;
  /** Read from this many hours before the watermark on (rows committed late with an older date). Default 0. */
  lookbackHours?: number;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}(\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/;
const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const WATERMARK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * Where a run reads from: `hours` before the watermark ('YYYY-MM-DD HH:MM:SS', the shop's local time, no
 * zone), in the same form. Counted on the calendar without a zone, as the invoice dates are. Pure.
 */
export function readFrom(watermark: string, hours: number): string {
  if (!WATERMARK.test(watermark)) throw new Error(`invalid watermark ${watermark}`);
  const at = new Date(`${watermark.replace(' ', 'T')}Z`);
  return new Date(at.getTime() - hours * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function qualifiedTable(table: string): string {
  if (!TABLE_NAME.test(table)) {
    throw new UsageError(`--from-table "${table}" is not a table name (letters, digits, _ and $, optionally schema.table)`, { option: 'from-table', value: table });
  }
  return table.split('.').map(quoteIdentifier).join('.');
}

/**
 * The COPY that writes the rows out as CSV under the Online Retail II header. `datesAreText`: the date
 * column holds text, compared as the timestamp it is written out as ('1/12/2011' sorts before '2010-12-09'
 * as text, which skipped new rows); a date or timestamp column is compared as it is, so that its index
 * serves (cast, a timestamptz column's could not: 1 ms became 290 ms on the real data).
 */
export function copyStatement(table: string, columns: TableColumns, fromInvoiceDate: string | null, datesAreText = false): string {
  const c = (name: string) => quoteIdentifier(name);
  if (fromInvoiceDate !== null && !WATERMARK.test(fromInvoiceDate)) throw new Error(`invalid watermark ${fromInvoiceDate}`);
  const date = c(columns.invoiceDate) + (datesAreText ? '::timestamp' : '');
  // A row without a date is read on every run too (a comparison would skip it for good): it is rejected
  // once, and not counted again by later runs (sql/load/forget_rejected_before.sql).
  const where = fromInvoiceDate === null ? '' : ` WHERE ${date} >= '${fromInvoiceDate}' OR ${c(columns.invoiceDate)} IS NULL`;
  return `COPY (SELECT ${c(columns.invoice)}::text AS "Invoice", ${c(columns.stockCode)}::text AS "StockCode", ` +
    `${c(columns.description)}::text AS "Description", ${c(columns.quantity)}::text AS "Quantity", ` +
    `to_char(${c(columns.invoiceDate)}::timestamp, 'YYYY-MM-DD HH24:MI:SS') AS "InvoiceDate", ${c(columns.price)}::text AS "Price", ` +
    `${c(columns.customerId)}::text AS "Customer ID", ${c(columns.country)}::text AS "Country" ` +
    `FROM ${qualifiedTable(table)}${where}) TO STDOUT WITH (FORMAT csv, HEADER)`;
}

/** A missing table or column, said in the terms of the command and the config that named it. */
function explainSourceError(error: unknown, description: string, columns: TableColumns): unknown {
  if (!(error instanceof QueryError) || (error.code !== '42703' && error.code !== '42P01')) return error;
  const what = error.code === '42P01' ? 'the table does not exist' : 'a column it is read by does not exist';
  const mapping = Object.entries(columns).map(([field, column]) => `${field}: ${column}`).join(', ');
  return new UsageError(
    `reading ${description}: ${what} (${(error.cause as Error | undefined)?.message ?? error.message}). Columns read: ${mapping}; where the table's names differ, map them under ingest.columns in the schedules file`,
    { source: description, columns },
    { cause: error },
  );
}

export async function loadTable(db: Database, source: TableSource, options: LoadOptions = {}): Promise<LoadSummary> {
  const started = performance.now();
  const reader = source.sourceDb ?? db;
  // A table or column that does not exist is left to the COPY, whose error names it (explainSourceError).
  const [table] = await reader.query<{ qualified_name: string; date_type: string | null }>(
    sqlFile('ingest/source_table'), [qualifiedTable(source.table), source.columns.invoiceDate], 'ingest/source_table',
  );
  // The watermark is per table and database: the same name in another database is another source. Kept
  // under the schema-qualified name (`retail` and `public.retail` are one table); watermarks written before
  // were kept under the name as spelled, and are still found by it.
  const keyOf = (name: string) => (source.sourceDb ? `${name} in ${source.sourceDb.location}` : name);
  const sourceKey = keyOf(table?.qualified_name ?? source.table);
  const [mark] = source.full ? [] : await db.query<{ last_invoice_date: string }>(sqlFile('ingest/read_watermark'), [[sourceKey, keyOf(source.table)]], 'ingest/read_watermark');
  const from = mark ? readFrom(mark.last_invoice_date, source.lookbackHours ?? 0) : null;
  const description = `table ${source.table}${source.sourceDb ? ` in ${source.sourceDb.location}` : ''}`;
  const datesAreText = !table?.date_type || /^(text|character)/.test(table.date_type);
  const iterator = reader.copyTo(copyStatement(source.table, source.columns, from, datesAreText))[Symbol.asyncIterator]();
  const chunks: AsyncIterator<Buffer> = { next: () => iterator.next() };
  const splitter = new CsvRecordSplitter();
  const close = () => void iterator.return?.();
  let header: Awaited<ReturnType<typeof readHeader>>;
  try {
    header = await readHeader(description, chunks, splitter);
  } catch (error) {
    close();
    throw explainSourceError(error, description, source.columns);
  }
  options.log?.info({ source: description, from: from ?? 'the first row' }, 'reading source table');
  const summary = await loadLines(
    db,
    { name: source.table, description, kind: 'table', sha256: null, layout: { ...header.layout, name: 'table' }, firstRecords: header.firstRecords, chunks, splitter, close },
    {
      ...options,
      beforeCommit: async (tx, loaded) => {
        if (loaded.lastInvoiceDate !== null) {
          await tx.query(sqlFile('ingest/advance_watermark'), [sourceKey, loaded.lastInvoiceDate], 'ingest/advance_watermark');
        }
      },
    },
  );
  summary.timingsMs.total = Math.round(performance.now() - started);
  return summary;
}
