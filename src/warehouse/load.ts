import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Database, Queryable } from '../db/database.js';
import { CsvLayoutError, LoadError } from '../errors.js';
import type { Logger } from '../log.js';
import { silentProgress, type Progress } from '../progress/progress.js';
import { sqlFile } from '../queries/sql-files.js';
import { recogniseLayout, type CsvLayout } from './csv-layout.js';
import { CsvRecordSplitter, type CsvRecord } from './csv-records.js';
import { rebuildDerivedTables } from './derived-tables.js';
import { RepeatCounter } from './hash-counter.js';
import { parseInvoiceLine } from './invoice-line-parser.js';
import { TextDecoding, type DecodingReport } from './text-decoding.js';

/**
 * `lgs load`: CSV (or CSV.gz) -> COPY into invoice_line -> collapse the file's exact duplicates -> drop
 * the lines the warehouse already held -> rebuild the derived tables -> ANALYZE, all in one transaction:
 * a load that fails anywhere leaves the warehouse as it was. Malformed records are not loaded; they are
 * counted and kept in load_reject with line and reason.
 */
export interface LoadSummary {
  loadId: number;
  sourceFile: string;
  layout: string;
  linesRead: number;
  linesLoaded: number;
  linesRejected: number;
  /** Surplus copies of exact duplicate lines within this file (each counts once in the warehouse). */
  duplicateCopiesInFile: number;
  /** Distinct lines the warehouse did not hold before this load. */
  newLines: number;
  /** Lines already held whose copy count this file raised. */
  linesWithMoreCopies: number;
  rejects: { line: number; reason: string }[];
  /** Which encoding the file was read in, and how many characters could not be decoded (text-decoding.ts). */
  decoding: DecodingReport;
  timingsMs: { readAndCopy: number; merge: number; derivedTables: number; analyze: number; total: number };
}

export interface LoadOptions {
  log?: Logger;
  progress?: Progress;
  /** How many rejects to return in the summary (all are kept in load_reject). */
  rejectSampleSize?: number;
  /** `auto` (default: UTF-8, or Windows-1252 for a file that is not UTF-8) or an encoding name. */
  encoding?: string;
}

interface ReadState {
  linesRead: number;
  linesLoaded: number;
  hashes: RepeatCounter;
  rejectLines: number[];
  rejectReasons: string[];
  rejectRaw: string[];
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

async function* decodedChunks(bytes: AsyncIterable<Buffer>, decoding: TextDecoding): AsyncGenerator<string> {
  for await (const chunk of bytes) yield decoding.decode(chunk);
  const rest = decoding.end();
  if (rest) yield rest;
}

/** Opens the file as text chunks, with a way to ask how many (compressed) bytes were read so far. */
async function openText(path: string, decoding: TextDecoding): Promise<{ chunks: AsyncIterator<string>; bytesRead: () => number; size: number }> {
  const { size } = await stat(path).catch((cause: unknown) => {
    throw new LoadError(`${path}: cannot read the file (${(cause as Error).message})`, { source: path }, { cause });
  });
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const text = (await isGzip(path)) ? file.pipe(createGunzip()) : file;
  file.on('error', (error) => text.destroy(error));
  return { chunks: decodedChunks(text, decoding), bytesRead: () => file.bytesRead, size };
}

/** Reads until the header record is complete and recognises the layout from it. */
async function readHeader(
  source: string,
  chunks: AsyncIterator<string>,
  splitter: CsvRecordSplitter,
): Promise<{ layout: CsvLayout; firstRecords: CsvRecord[] }> {
  let records: CsvRecord[] = [];
  while (records.length === 0) {
    const next = await chunks.next();
    if (next.done) {
      records = splitter.end();
      break;
    }
    records = splitter.push(next.value.charCodeAt(0) === 0xfeff ? next.value.slice(1) : next.value);
  }
  const [header, ...rest] = records;
  if (!header) throw new CsvLayoutError(`${source}: the file is empty (no header line)`, { source, line: 1 });
  if (!header.fields) throw new CsvLayoutError(`${source}: line 1: the header is not valid CSV (${header.problem})`, { source, line: 1 });
  return { layout: recogniseLayout(header.fields, source), firstRecords: rest };
}

/** Characters of a line's text that its hash covers: enough to make most lines' hashes unique. */
const HASHED_PREFIX = 48;

/**
 * 32-bit FNV-1a of the start of a line's text. Exact duplicates have equal hashes, so SQL only compares
 * the few lines whose hash repeats. (Keeping a million line texts in a Map to spot duplicates in Node cost
 * 4.5 s of garbage collection here.)
 */
function lineHash(text: string): number {
  let hash = 0x811c9dc5;
  const end = Math.min(text.length, HASHED_PREFIX);
  for (let i = 0; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

function encodeRecords(records: readonly CsvRecord[], layout: CsvLayout, state: ReadState, loadId: number): string {
  const rowEnd = '\t' + loadId + '\n';
  let out = '';
  for (const record of records) {
    state.linesRead++;
    const parsed = record.fields ? parseInvoiceLine(record.fields, layout) : { ok: false as const, reason: record.problem! };
    if (!parsed.ok) {
      state.rejectLines.push(record.line);
      state.rejectReasons.push(parsed.reason);
      state.rejectRaw.push(record.raw);
      continue;
    }
    state.linesLoaded++;
    const hash = lineHash(parsed.copyText);
    state.hashes.add(hash);
    out += record.line + '\t' + hash + '\t' + parsed.copyText + rowEnd;
  }
  return out;
}

async function queryOne<R extends Record<string, unknown>>(tx: Queryable, name: string, params: unknown[] = [], log?: Logger): Promise<R> {
  const started = performance.now();
  const rows = await tx.query<R>(sqlFile(name), params, name);
  log?.debug({ query: name, ms: Math.round(performance.now() - started) }, 'load step');
  return rows[0]!;
}

export async function loadFile(db: Database, path: string, options: LoadOptions = {}): Promise<LoadSummary> {
  const { log, progress = silentProgress, rejectSampleSize = 20 } = options;
  const started = performance.now();
  const decoding = new TextDecoding(options.encoding);
  const { chunks, bytesRead, size } = await openText(path, decoding);
  const splitter = new CsvRecordSplitter();
  const { layout, firstRecords } = await readHeader(path, chunks, splitter);
  log?.info({ file: path, layout: layout.name, engine: db.engine }, 'load started');

  const state: ReadState = {
    linesRead: 0,
    linesLoaded: 0,
    hashes: new RepeatCounter(),
    rejectLines: [],
    rejectReasons: [],
    rejectRaw: [],
  };
  async function* copyData(loadId: number): AsyncGenerator<string> {
    yield encodeRecords(firstRecords, layout, state, loadId);
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      yield encodeRecords(splitter.push(next.value), layout, state, loadId);
      progress.update(bytesRead(), size, `${state.linesRead.toLocaleString('en-GB')} lines`);
    }
    yield encodeRecords(splitter.end(), layout, state, loadId);
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
    const summary = await db.transaction(async (tx) => {
      // Hash joins and aggregates over a million lines want more than the 4 MB default.
      await tx.query("SET LOCAL work_mem = '256MB'", [], 'work_mem');
      // One load at a time; readers carry on.
      await tx.query('LOCK TABLE invoice_line IN SHARE ROW EXCLUSIVE MODE', [], 'lock invoice_line');
      const { load_id: loadId } = await queryOne<{ load_id: number }>(tx, 'load/next_load_id');
      await tx.copyFrom(sqlFile('load/copy_lines'), copyData(loadId));
      progress.finish(`${state.linesRead.toLocaleString('en-GB')} lines read`);
      // The statements below filter on this load's id; without fresh statistics the planner believes no
      // row has it and picks nested loops that take minutes on a reload.
      await tx.query('ANALYZE invoice_line', [], 'analyze invoice_line');
      timings.readAndCopy = lap();

      const { duplicate_copies: duplicateCopiesInFile } = await queryOne<{ duplicate_copies: number }>(
        tx,
        'load/collapse_file_duplicates',
        [loadId, state.hashes.repeated()],
        log,
      );
      const known = await queryOne<{ lines_with_more_copies: number; known_lines: number }>(tx, 'load/merge_known_lines', [loadId], log);
      const linesWithMoreCopies = known.lines_with_more_copies;
      const newLines = state.linesLoaded - duplicateCopiesInFile - known.known_lines;
      const linesRejected = state.rejectLines.length;
      await tx.query(
        sqlFile('load/insert_load_run'),
        [loadId, basename(path), layout.name, state.linesRead, state.linesLoaded, linesRejected, duplicateCopiesInFile, newLines, linesWithMoreCopies],
        'load/insert_load_run',
      );
      if (linesRejected > 0) {
        await tx.query(sqlFile('load/insert_rejects'), [loadId, state.rejectLines, state.rejectReasons, state.rejectRaw], 'load/insert_rejects');
      }
      timings.merge = lap();

      await rebuildDerivedTables(tx, log);
      timings.derivedTables = lap();
      await tx.exec('ANALYZE invoice; ANALYZE customer; ANALYZE product; ANALYZE product_week; ANALYZE line_coverage', 'analyze');
      timings.analyze = lap();

      return {
        loadId,
        sourceFile: path,
        layout: layout.name,
        linesRead: state.linesRead,
        linesLoaded: state.linesLoaded,
        linesRejected,
        duplicateCopiesInFile,
        newLines,
        linesWithMoreCopies,
        rejects: state.rejectLines.slice(0, rejectSampleSize).map((line, i) => ({ line, reason: state.rejectReasons[i]! })),
        decoding: decoding.report(),
        timingsMs: timings,
      } satisfies LoadSummary;
    });
    summary.timingsMs.total = Math.round(performance.now() - started);
    log?.info({ ...summary, rejects: undefined }, 'load finished');
    if (summary.decoding.replacedCharacters > 0) {
      log?.warn({ file: path, ...summary.decoding }, 'characters that could not be decoded were replaced by U+FFFD (try --encoding)');
    }
    return summary;
  } catch (error) {
    throw new LoadError(
      `${path}: load failed, nothing was changed in the warehouse: ${(error as Error).message}`,
      { source: path, linesReadBeforeFailure: state.linesRead },
      { cause: error },
    );
  }
}
