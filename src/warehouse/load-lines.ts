import type { Database, Queryable } from '../db/database.js';
import { LoadError, QueryError } from '../errors.js';
import type { Logger } from '../log.js';
import { silentProgress, type Progress } from '../progress/progress.js';
import { sqlFile } from '../queries/sql-files.js';
import type { CsvLayout } from './csv-layout.js';
import type { CsvRecord } from './csv-records.js';
import { ByteWriter } from './byte-writer.js';
import { refreshDerivedTables } from './derived-tables.js';
import { RepeatCounter, type RepeatCounterOptions } from './hash-counter.js';
import { RejectLog, type RejectLogOptions } from './reject-log.js';
import { InvoiceDateRange } from './invoice-date-range.js';
import { parseInvoiceLine } from './invoice-line-parser.js';
import { LatestInvoiceDate } from './latest-invoice-date.js';
import { lineHash, lineHashOfBytes } from './line-hash.js';
import { encodePlainLine, inWarehouseOrder } from './plain-line-encoder.js';
import type { LineSource } from './line-source.js';
import type { DecodingReport } from './text-decoding.js';

/**
 * One load, in one transaction: parse -> COPY -> collapse the source's exact duplicates -> keep only the
 * lines the warehouse did not hold -> refresh the derived tables from those -> record the load. A load that
 * fails anywhere leaves the warehouse as it was; malformed records are not loaded but kept in load_reject
 * with line and reason.
 *
 *   first load (warehouse empty): COPY straight into invoice_line; every line is new.
 *   later loads: COPY into a temporary staging table; lines already held are recognised by hash + value,
 *   so cost follows the size of the source, and the derived tables are touched only for the new lines.
 *
 * Readers are never shown a half-done load: everything becomes visible at COMMIT, nothing is truncated
 * (TRUNCATE is not MVCC-safe: a reader's repeatable-read snapshot would see the tables empty).
 */
export interface LoadSummary {
  loadId: number;
  sourceFile: string;
  sourceKind: 'file' | 'table';
  layout: string;
  linesRead: number;
  linesLoaded: number;
  linesRejected: number;
  /** Surplus copies of exact duplicate lines within this source (each counts once in the warehouse). */
  duplicateCopiesInFile: number;
  /** Distinct lines the warehouse did not hold before this load. */
  newLines: number;
  /** Lines already held whose copy count this source raised. */
  linesWithMoreCopies: number;
  /** The latest invoice date among the lines read ('YYYY-MM-DD HH:MM:SS'), null when none was valid. */
  lastInvoiceDate: string | null;
  /** Set when the same bytes were loaded before: nothing was read, nothing changed. */
  alreadyLoaded: { loadId: number; sourceFile: string; loadedAt: string } | null;
  rejects: { line: number; reason: string }[];
  /**
   * Records an earlier load rejected, read again (a re-export, a table source's rows from its watermark):
   * counted and kept once, by the load that first read them, so neither read nor rejected here.
   */
  rejectedBefore: number;
  /** How a file's bytes became text (text-decoding.ts); null for a table, or a file skipped unread. */
  decoding: DecodingReport | null;
  timingsMs: { readAndCopy: number; merge: number; derivedTables: number; analyze: number; total: number };
}

export interface LoadOptions {
  log?: Logger;
  progress?: Progress;
  /** How many rejects to return in the summary (all are kept in load_reject). */
  rejectSampleSize?: number;
  /** A file's encoding: `auto` (default: UTF-8, or Windows-1252 for a file that is not UTF-8) or a label. */
  encoding?: string;
  /**
   * Where the line hashes go past their memory budget (hash-counter.ts; default 16 MB, then TMPDIR), and
   * how many repeated ones one collapse statement takes (default a million; tests make both small).
   */
  lineHashes?: RepeatCounterOptions & { perCollapse?: number };
  /** Where the rejected lines go past their memory budget (reject-log.ts; default 4 MB, then TMPDIR). */
  rejectedLines?: RejectLogOptions;
}

interface ReadState {
  linesRead: number;
  linesLoaded: number;
  /** Set once every line is read. */
  lastInvoiceDate: string | null;
  hashes: RepeatCounter;
  rejects: RejectLog;
}

/**
 * Turns the source's lines into COPY rows (line number, hash, the line's COPY text, load id) as UTF-8 bytes,
 * keeping the rejects and the tallies in `state`. Lines without a double quote come from the splitter as
 * bytes and take the fast path when it applies (plain-line-encoder.ts); every other line takes the full
 * parse.
 */
class CopyRowEncoder {
  private readonly rows = new ByteWriter(1 << 20);
  /** One line's COPY text, before its hash (which comes first in the row) is known. */
  private readonly text = new ByteWriter(1 << 10);
  private readonly rowEnd: string;
  private readonly fastPath: boolean;
  readonly latest = new LatestInvoiceDate();
  readonly plain = (bytes: Buffer, start: number, end: number, line: number): void => {
    if (this.fastPath) {
      const { text } = this;
      text.reset();
      const date = encodePlainLine(bytes, start, end, text);
      // A date out of range takes the full parse, which rejects the line with its reason.
      if (date >= 0 && this.dates.holdsBytes(text.bytes, date)) {
        this.state.linesRead++;
        this.latest.offerBytes(text.bytes, date);
        this.acceptText(line, lineHashOfBytes(text.bytes, 0, text.length));
        return;
      }
    }
    const raw = bytes.toString('utf8', start, end);
    this.record({ line, raw, fields: raw.split(',') });
  };

  constructor(
    private readonly layout: CsvLayout,
    private readonly state: ReadState,
    loadId: number,
    private readonly dates: InvoiceDateRange,
  ) {
    this.rowEnd = '\t' + loadId + '\n';
    this.fastPath = inWarehouseOrder(layout);
  }

  record(record: CsvRecord): void {
    const { state } = this;
    state.linesRead++;
    const parsed = record.fields ? parseInvoiceLine(record.fields, this.layout, this.dates) : { ok: false as const, reason: record.problem! };
    if (!parsed.ok) {
      state.rejects.add(record.line, parsed.reason, record.raw);
      return;
    }
    this.latest.offerText(parsed.invoiceDate);
    this.text.reset();
    this.text.utf8(parsed.copyText);
    this.acceptText(record.line, lineHash(parsed.copyText));
  }

  /** The COPY rows encoded since the last call, as one chunk of bytes. */
  take(records: readonly CsvRecord[] = []): Buffer {
    for (const record of records) this.record(record);
    return this.rows.take();
  }

  /** Adds the row of the line whose COPY text is in `this.text`. */
  private acceptText(line: number, hash: number): void {
    const { rows, text } = this;
    this.state.linesLoaded++;
    this.state.hashes.add(hash);
    rows.decimal(line);
    rows.byte(0x09);
    rows.decimal(hash);
    rows.byte(0x09);
    rows.copy(text.bytes, 0, text.length);
    rows.ascii(this.rowEnd);
  }
}

async function queryOne<R extends Record<string, unknown>>(tx: Queryable, name: string, params: unknown[] = [], log?: Logger): Promise<R> {
  const started = performance.now();
  const rows = await tx.query<R>(sqlFile(name), params, name);
  log?.debug({ query: name, ms: Math.round(performance.now() - started) }, 'load step');
  return rows[0]!;
}

async function execScript(tx: Queryable, name: string, log?: Logger): Promise<void> {
  const started = performance.now();
  await tx.exec(sqlFile(name), name);
  log?.debug({ script: name, ms: Math.round(performance.now() - started) }, 'load step');
}

/**
 * Repeated hashes per collapse statement. They go as one int[] parameter, which PostgreSQL plans with its
 * value (an unnamed statement) and hashes as a constant: twice as fast as a join with a temporary table of
 * them. Written as text here: node-pg's own text form of a number[] parameter left 42 MB of garbage on the
 * heap for the 340,000 repeats at 10×, the load's peak. A million (~12 MB of text, ~30 M lines at the real
 * data's rate of repeats) bounds what one statement needs; a larger source takes a statement per million,
 * each reading the load's lines again.
 */
const REPEATS_PER_COLLAPSE = 1_000_000;

/**
 * Collapses the source's exact duplicates (statement: collapse_file_duplicates or
 * collapse_incoming_duplicates, `params` before the hashes) a group of hash buckets at a time: equal lines
 * have equal hashes, so no duplicate spans two groups. The surplus copies removed.
 */
async function collapseDuplicates(
  tx: Queryable,
  hashes: RepeatCounter,
  statement: string,
  params: readonly unknown[],
  { log, perStatement = REPEATS_PER_COLLAPSE }: { log?: Logger; perStatement?: number | undefined },
): Promise<number> {
  let removed = 0;
  let inGroup = 0;
  const literal = new ByteWriter(1 << 16);
  const collapse = async () => {
    literal.byte(0x7d); // }
    const text = literal.toString();
    literal.reset();
    const { duplicate_copies: copies } = await queryOne<{ duplicate_copies: number }>(tx, statement, [...params, text], log);
    removed += copies;
    inGroup = 0;
  };
  for (const repeats of hashes.takeRepeated()) {
    for (const hash of repeats) {
      literal.byte(inGroup++ === 0 ? 0x7b : 0x2c); // { or ,
      literal.decimal(hash);
    }
    if (inGroup >= perStatement) await collapse();
  }
  if (inGroup > 0) await collapse();
  return removed;
}

interface LoadedFile {
  load_id: number;
  source_file: string;
  loaded_at: string;
}

/** The earlier load of the same bytes, if there was one. */
export async function findLoadedFile(db: Queryable, sha256: string): Promise<LoadSummary['alreadyLoaded']> {
  const [row] = await db.query<LoadedFile & Record<string, unknown>>(sqlFile('load/find_loaded_file'), [sha256], 'load/find_loaded_file');
  return row ? { loadId: row.load_id, sourceFile: row.source_file, loadedAt: row.loaded_at } : null;
}

export function skippedLoad(source: { name: string; kind: 'file' | 'table'; layout: string }, earlier: NonNullable<LoadSummary['alreadyLoaded']>): LoadSummary {
  return {
    loadId: earlier.loadId,
    sourceFile: source.name,
    sourceKind: source.kind,
    layout: source.layout,
    linesRead: 0,
    linesLoaded: 0,
    linesRejected: 0,
    duplicateCopiesInFile: 0,
    newLines: 0,
    linesWithMoreCopies: 0,
    lastInvoiceDate: null,
    alreadyLoaded: earlier,
    decoding: null,
    rejects: [],
    rejectedBefore: 0,
    timingsMs: { readAndCopy: 0, merge: 0, derivedTables: 0, analyze: 0, total: 0 },
  };
}

/**
 * Stages this load's rejects in the temporary table incoming_reject (a batch of rows at a time) and drops
 * those an earlier load rejected already: a re-export, or a table source read again from its watermark,
 * would otherwise count and keep the same bad record once a load, where one load of all the lines counts
 * it once (as often as the one source holding it most). How many were dropped.
 */
async function stageRejects(tx: Queryable, rejects: RejectLog, log?: Logger): Promise<number> {
  await execScript(tx, 'load/create_incoming_rejects', log);
  const rows = async function* () {
    yield* rejects.takeRows();
  };
  await tx.copyFrom(sqlFile('load/copy_incoming_rejects'), rows(), 'load/copy_incoming_rejects');
  // The forgetting joins on it: without statistics the planner takes its million rows for 200.
  await tx.query('ANALYZE incoming_reject', [], 'analyze incoming_reject');
  if (rejects.spilledBytes > 0) log?.debug({ bytes: rejects.spilledBytes, folder: rejects.directory }, 'rejected lines past their memory budget went to a spill file');
  const { rejected_before: forgotten } = await queryOne<{ rejected_before: number }>(tx, 'load/forget_rejected_before', [], log);
  return forgotten;
}

/** Tables a first load fills from nothing: their statistics matter for every query that follows. */
const ANALYZE_AFTER_FIRST_LOAD = [
  // `invoice` is analysed as soon as it is filled (derived-tables.ts).
  'customer', 'product', 'product_description', 'product_week', 'line_coverage',
  // The metric summaries (sql/derived/06, 07): the metric queries read little else.
  'invoice_month', 'order_amount_month', 'customer_month', 'cohort_month', 'customer_order_total', 'country_week', 'country_customer_week',
].map((table) => `ANALYZE ${table}`).join('; ');

/**
 * A later load that adds at least this share of the lines the planner's statistics know of analyses the
 * warehouse as a first load does. Autovacuum may be slow or off, and the scoring step runs right after
 * the load: a small first load (a test file) followed by the full history left statistics of 17 lines,
 * and the recommender's history query took 42.6 s instead of 0.2 s on a nested loop.
 */
const STALE_STATISTICS_SHARE = 0.2;
const ANALYZE_AFTER_LARGE_LOAD = `ANALYZE invoice_line; ANALYZE invoice; ${ANALYZE_AFTER_FIRST_LOAD}`;

/**
 * Loads the lines of `source`. `beforeCommit` runs inside the load's transaction once the lines are in
 * (e.g. a table source moving its watermark), so it commits or rolls back with them.
 */
export async function loadLines(
  db: Database,
  source: LineSource,
  options: LoadOptions & { beforeCommit?: (tx: Queryable, summary: LoadSummary) => Promise<void> } = {},
): Promise<LoadSummary> {
  const { log, progress = silentProgress, rejectSampleSize = 20 } = options;
  const started = performance.now();
  const { layout, chunks, splitter } = source;
  log?.info({ source: source.description, layout: layout.name, engine: db.engine }, 'load started');

  const dates = InvoiceDateRange.startingAt(new Date());
  const state: ReadState = {
    linesRead: 0,
    linesLoaded: 0,
    lastInvoiceDate: null,
    hashes: new RepeatCounter(options.lineHashes),
    rejects: new RejectLog(options.rejectedLines),
  };
  async function* copyData(loadId: number): AsyncGenerator<Buffer> {
    const encoder = new CopyRowEncoder(layout, state, loadId, dates);
    yield encoder.take(source.firstRecords);
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      yield encoder.take(splitter.push(next.value, encoder.plain));
      const position = source.position?.();
      if (position) progress.update(position.done, position.total, `${state.linesRead.toLocaleString('en-GB')} lines`);
    }
    yield encoder.take(splitter.end(encoder.plain));
    state.lastInvoiceDate = encoder.latest.text;
  }

  const timings = { readAndCopy: 0, merge: 0, derivedTables: 0, analyze: 0, total: 0 };
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = Math.round(now - mark);
    mark = now;
    return elapsed;
  };

  try {
    const summary = await db.transaction(async (tx): Promise<LoadSummary> => {
      // Hash joins and aggregates over a million lines want more than the 4 MB default.
      await tx.query("SET LOCAL work_mem = '256MB'", [], 'work_mem');
      // The warehouse's pages are in memory or on SSD; at the default (4, spinning disks) the planner
      // matches an append's few thousand lines by reading every held line instead of probing the index.
      await tx.query('SET LOCAL random_page_cost = 1.1', [], 'random_page_cost');
      // A load takes as long as its file is big: the statement time limit guards report queries, not it.
      await tx.query('SET LOCAL statement_timeout = 0', [], 'statement_timeout');
      // One load at a time; readers carry on (they see this load whole, at COMMIT, or not at all).
      await tx.query('LOCK TABLE invoice_line IN SHARE ROW EXCLUSIVE MODE', [], 'lock invoice_line');
      if (source.sha256) {
        // Checked again under the lock: another process may have loaded the same file meanwhile.
        const earlier = await findLoadedFile(tx, source.sha256);
        if (earlier) return skippedLoad({ name: source.name, kind: source.kind, layout: layout.name }, earlier);
      }
      const { load_id: loadId } = await queryOne<{ load_id: number }>(tx, 'load/next_load_id');
      const [{ empty }] = (await tx.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM invoice_line) AS empty', [], 'is empty')) as [{ empty: boolean }];
      const [{ rows: knownToPlanner }] = (await tx.query<{ rows: number }>(
        "SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = 'invoice_line'::regclass",
        [],
        'lines the statistics know of',
      )) as [{ rows: number }];
      await execScript(tx, 'load/create_load_delta', log);

      let duplicateCopiesInFile: number;
      let linesWithMoreCopies = 0;
      let knownLines = 0;
      let raisedCopies = 0;
      if (empty) {
        await execScript(tx, 'load/drop_line_hash_index', log);
        await tx.copyFrom(sqlFile('load/copy_lines'), copyData(loadId), 'load/copy_lines');
        progress.finish(`${state.linesRead.toLocaleString('en-GB')} lines read`);
        // The statements below filter on this load's id; without fresh statistics the planner believes no
        // row has it and picks nested loops that take minutes.
        await tx.query('ANALYZE invoice_line', [], 'analyze invoice_line');
        timings.readAndCopy = lap();
        duplicateCopiesInFile = await collapseDuplicates(tx, state.hashes, 'load/collapse_file_duplicates', [loadId], { log, perStatement: options.lineHashes?.perCollapse });
        // Built once the duplicates are gone: the collapse does not read it, and would otherwise add an
        // entry to it for every line whose copies it counts.
        await execScript(tx, 'load/build_line_hash_index', log);
        await execScript(tx, 'load/all_lines_are_new', log);
      } else {
        await execScript(tx, 'load/create_incoming_lines', log);
        await tx.copyFrom(sqlFile('load/copy_incoming_lines'), copyData(loadId), 'load/copy_incoming_lines');
        progress.finish(`${state.linesRead.toLocaleString('en-GB')} lines read`);
        await tx.query('ANALYZE incoming_line', [], 'analyze incoming_line');
        timings.readAndCopy = lap();
        duplicateCopiesInFile = await collapseDuplicates(tx, state.hashes, 'load/collapse_incoming_duplicates', [], { log, perStatement: options.lineHashes?.perCollapse });
        await execScript(tx, 'load/match_held_lines', log);
        const raised = await queryOne<{ lines_with_more_copies: number; raised_copies: number; known_lines: number }>(tx, 'load/raise_held_copies', [], log);
        ({ lines_with_more_copies: linesWithMoreCopies, raised_copies: raisedCopies, known_lines: knownLines } = raised);
        await execScript(tx, 'load/insert_new_lines', log);
      }
      await tx.query(sqlFile('load/record_load_delta'), [raisedCopies], 'load/record_load_delta');
      const newLines = state.linesLoaded - duplicateCopiesInFile - knownLines;
      const staged = state.rejects.count > 0;
      const rejectedBefore = staged ? await stageRejects(tx, state.rejects, log) : 0;
      state.linesRead -= rejectedBefore;
      const linesRejected = state.rejects.count - rejectedBefore;
      await tx.query(
        sqlFile('load/insert_load_run'),
        [loadId, source.name, layout.name, state.linesRead, state.linesLoaded, linesRejected, duplicateCopiesInFile, newLines, linesWithMoreCopies, source.sha256, source.kind],
        'load/insert_load_run',
      );
      const rejects = linesRejected > 0 ? await tx.query<{ line: number; reason: string }>(sqlFile('load/reject_sample'), [rejectSampleSize], 'load/reject_sample') : [];
      if (linesRejected > 0) await tx.query(sqlFile('load/insert_rejects'), [loadId], 'load/insert_rejects');
      timings.merge = lap();
      if (state.hashes.spilledBytes > 0) log?.debug({ bytes: state.hashes.spilledBytes, folder: state.hashes.directory }, 'line hashes past their memory budget went to a spill file');

      if (empty) {
        // A first load aggregates every line, and its Node side is idle meanwhile: the planner's default
        // price for gathering partial aggregates from parallel workers (0.1 a row) keeps the second core
        // idle too. Later loads aggregate a few thousand lines from a temporary table, which workers cannot read.
        await tx.query('SET LOCAL parallel_tuple_cost = 0.01', [], 'parallel_tuple_cost');
        await tx.query('SET LOCAL parallel_setup_cost = 100', [], 'parallel_setup_cost');
      }
      if (newLines > 0 || raisedCopies > 0) await refreshDerivedTables(tx, { firstLoad: empty, log });
      if (empty) await tx.exec('DROP VIEW new_line', 'drop new_line');
      timings.derivedTables = lap();
      if (empty) await tx.exec(ANALYZE_AFTER_FIRST_LOAD, 'analyze');
      else if (newLines > STALE_STATISTICS_SHARE * knownToPlanner) await tx.exec(ANALYZE_AFTER_LARGE_LOAD, 'analyze');
      timings.analyze = lap();

      const result: LoadSummary = {
        loadId,
        sourceFile: source.name,
        sourceKind: source.kind,
        layout: layout.name,
        linesRead: state.linesRead,
        linesLoaded: state.linesLoaded,
        linesRejected,
        duplicateCopiesInFile,
        newLines,
        linesWithMoreCopies,
        lastInvoiceDate: state.lastInvoiceDate,
        alreadyLoaded: null,
        decoding: null,
        rejectedBefore,
        rejects,
        timingsMs: timings,
      };
      await options.beforeCommit?.(tx, result);
      return result;
    });
    state.hashes.release();
    state.rejects.release();
    source.close();
    summary.timingsMs.total = Math.round(performance.now() - started);
    log?.info({ ...summary, rejects: undefined }, summary.alreadyLoaded ? 'load skipped: same bytes loaded before' : 'load finished');
    return summary;
  } catch (error) {
    state.hashes.release();
    state.rejects.release();
    source.close();
    // A COMMIT without an answer (the connection lost while the server committed) may have kept the load:
    // the next load of the same bytes says which ("already loaded").
    const outcome = error instanceof QueryError && error.context.query === 'commit'
      ? 'the database did not confirm its commit, so it may or may not have been kept (loading the same file again tells)'
      : 'nothing was changed in the warehouse';
    throw new LoadError(
      `${source.description}: load failed, ${outcome}: ${(error as Error).message}`,
      { source: source.description, linesReadBeforeFailure: state.linesRead },
      { cause: error },
    );
  }
}
