import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Database } from '../db/database.js';
import { CsvLayoutError, LoadError } from '../errors.js';
import { recogniseLayout, type CsvLayout } from './csv-layout.js';
import { CsvRecordSplitter, type CsvRecord } from './csv-records.js';
import { TextDecoding } from './text-decoding.js';
import { findLoadedFile, loadLines, skippedLoad, type LoadOptions, type LoadSummary } from './load-lines.js';

export type { LoadOptions, LoadSummary } from './load-lines.js';

/**
 * `lgs load <file>`: a CSV or CSV.gz in a known layout. The file's sha256 is taken first: bytes loaded
 * before are recognised at once and skipped (nothing is parsed); otherwise the lines go through
 * loadLines, and a re-export that holds everything loaded before plus new lines adds just the new ones.
 */
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

async function sizeOf(path: string): Promise<number> {
  const { size } = await stat(path).catch((cause: unknown) => {
    throw new LoadError(`${path}: cannot read the file (${(cause as Error).message})`, { source: path }, { cause });
  });
  return size;
}

/** The hex sha256 of the file's bytes (as stored: a .gz is hashed compressed). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

/** The file's bytes as UTF-8, from the encoding TextDecoding settles on (UTF-8, or Windows-1252 when not UTF-8). */
async function* decodedChunks(bytes: AsyncIterable<Buffer>, decoding: TextDecoding): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) yield decoding.decode(chunk);
  const rest = decoding.end();
  if (rest.length > 0) yield rest;
}

/** The UTF-8 byte order mark some editors write first; it is not part of the header. */
const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

/** Opens the file as a stream of its bytes, with a way to ask how many (compressed) bytes were read so far. */
function openText(path: string) {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  return { file, bytesRead: () => file.bytesRead };
}

/** Reads until the header record is complete and recognises the layout from it. */
export async function readHeader(
  source: string,
  chunks: AsyncIterator<Buffer>,
  splitter: CsvRecordSplitter,
): Promise<{ layout: CsvLayout; firstRecords: CsvRecord[] }> {
  let records: CsvRecord[] = [];
  for (let first = true; records.length === 0; first = false) {
    const next = await chunks.next();
    if (next.done) {
      records = splitter.end();
      break;
    }
    const bomFirst = first && next.value.subarray(0, 3).equals(BYTE_ORDER_MARK);
    records = splitter.push(bomFirst ? next.value.subarray(3) : next.value);
  }
  const [header, ...rest] = records;
  if (!header) throw new CsvLayoutError(`${source}: the file is empty (no header line)`, { source, line: 1 });
  if (!header.fields) throw new CsvLayoutError(`${source}: line 1: the header is not valid CSV (${header.problem})`, { source, line: 1 });
  return { layout: recogniseLayout(header.fields, source), firstRecords: rest };
}

/** zlib's errors carry Z_* codes (Z_DATA_ERROR, Z_BUF_ERROR: a truncated or damaged .gz): the file's fault. */
export function isDecompressionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

export async function loadFile(db: Database, path: string, options: LoadOptions = {}): Promise<LoadSummary> {
  const started = performance.now();
  const size = await sizeOf(path);
  const sha256 = await fileSha256(path);
  const earlier = await findLoadedFile(db, sha256);
  if (earlier) {
    const summary = skippedLoad({ name: basename(path), kind: 'file', layout: 'unread' }, earlier);
    summary.timingsMs.total = Math.round(performance.now() - started);
    options.log?.info({ file: path, sameAs: earlier }, 'load skipped: same bytes loaded before');
    return summary;
  }
  const decoding = new TextDecoding(options.encoding);
  const { file, bytesRead } = openText(path);
  const text = (await isGzip(path)) ? file.pipe(createGunzip()) : file;
  file.on('error', (error) => text.destroy(error));
  const chunks = decodedChunks(text, decoding);
  const close = () => {
    file.destroy();
    text.destroy();
  };
  const splitter = new CsvRecordSplitter();
  let header: Awaited<ReturnType<typeof readHeader>>;
  try {
    header = await readHeader(path, chunks, splitter);
  } catch (error) {
    close();
    // A .gz damaged in its first blocks fails here, before any line: said as the load's failure, with
    // zlib's error (Z_DATA_ERROR, Z_BUF_ERROR) as its cause, as one damaged further in is.
    if (!isDecompressionError(error)) throw error;
    throw new LoadError(`${path}: load failed, nothing was changed in the warehouse: ${(error as Error).message}`, { source: path }, { cause: error });
  }
  const summary = await loadLines(
    db,
    {
      name: basename(path),
      description: path,
      kind: 'file',
      sha256,
      ...header,
      chunks,
      splitter,
      position: () => ({ done: bytesRead(), total: size }),
      close,
    },
    options,
  );
  summary.timingsMs.total = Math.round(performance.now() - started);
  summary.decoding = decoding.report();
  if (summary.decoding.replacedCharacters > 0) {
    options.log?.warn({ file: path, ...summary.decoding }, 'characters that could not be decoded were replaced by U+FFFD (try --encoding)');
  }
  return summary;
}
