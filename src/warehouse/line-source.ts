import type { CsvLayout } from './csv-layout.js';
import type { CsvRecord, CsvRecordSplitter } from './csv-records.js';

/**
 * Where a load's lines come from, opened and with its header already recognised: a CSV file, or the rows
 * of a source table written out as CSV by the database. Both go through the same parse, dedup, reject and
 * quality rules.
 */
export interface LineSource {
  /** What load_run records: the file's base name, or the table's name. */
  readonly name: string;
  /** For messages: the file's path, or the table with its database. */
  readonly description: string;
  readonly kind: 'file' | 'table';
  /** sha256 of the file's bytes (files only): the same bytes are never loaded twice. */
  readonly sha256: string | null;
  readonly layout: CsvLayout;
  /** Records read with the header, before the chunks that follow. */
  readonly firstRecords: readonly CsvRecord[];
  /** The source's text as UTF-8 bytes, chunk by chunk. */
  readonly chunks: AsyncIterator<Buffer>;
  readonly splitter: CsvRecordSplitter;
  /** Progress through the source (bytes read of the total), when it is known. */
  readonly position?: () => { done: number; total: number };
  /** Releases what the source holds open (file handle, database connection) when the load stops early. */
  readonly close: () => void;
}
