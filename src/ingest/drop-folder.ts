import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import { ConfigError, CsvLayoutError, LgsError, LoadError, QueryError } from '../errors.js';
import type { Logger } from '../log.js';
import { loadFile, type LoadSummary } from '../warehouse/load.js';

/**
 * A drop folder: the shop (or its ETL) puts CSV / CSV.gz exports into it; each run loads every new file
 * exactly once and moves it into `loaded/` or `rejected/` inside the folder, with a note beside it
 * (`<file>.load.txt`: what the load did; `<file>.reason.txt`: why it was refused). A file this process may
 * not open stays where it is (isUnreadable).
 *
 * A file still being written is never read half:
 *  - names ending in `.part` (or starting with a dot) are ignored: write `orders.csv.part`, then rename it
 *    to `orders.csv` (a rename within a folder is atomic) — the safe convention;
 *  - any other file is taken only once its size and modification time have stayed the same across two
 *    looks `settleMs` apart and it was last modified at least `settleMs` ago.
 *
 * Exactly once: the load and the record of the file's sha256 commit together; a run killed before the
 * commit leaves the file in place and loads nothing, one killed after it finds the sha256 on the next
 * run, says "already loaded" and just moves the file.
 */
export interface DropFolderOutcome {
  loaded: { file: string; loadId: number; newLines: number; alreadyLoaded: boolean }[];
  rejected: { file: string; reason: string }[];
  /** Files left for a later run: still being written. */
  waiting: string[];
  /** Files left in place because this process may not read them (their permissions): the others still load. */
  unreadable: { file: string; reason: string }[];
}

export interface DropFolderOptions {
  settleMs: number;
  log?: Logger;
  /** Waits between the two looks (tests and callers may pass their own). */
  sleep?: (ms: number) => Promise<void>;
  /** Told of each file once its load has committed: a run that fails after it has still loaded it. */
  onLoaded?: (file: DropFolderOutcome['loaded'][number]) => void;
}

const IGNORED = /(^\.|\.part$)/;
const NOTE_SUFFIX = '.load.txt';
const REASON_SUFFIX = '.reason.txt';
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Look {
  size: number;
  mtimeMs: number;
}

async function look(path: string): Promise<Look | null> {
  const info = await stat(path).catch(() => null);
  return info && info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null;
}

const exists = (path: string) => stat(path).then(() => true, () => false);

/**
 * A free name in `folder` for `file` and its note: the same name, or one prefixed with the time when
 * either is taken. A note left without its file (a run stopped between writing the note and the move) is
 * the record of the load that did the work, and is not written over by the note of the run that moves it.
 */
async function freeName(folder: string, file: string, noteSuffix: string): Promise<string> {
  const taken = (await exists(join(folder, file))) || (await exists(join(folder, `${file}${noteSuffix}`)));
  return taken ? `${new Date().toISOString().replace(/[:.]/g, '-')}-${file}` : file;
}

/**
 * Whether a load failed because this process may not read the file at `path` (its permissions): the file
 * is left in place (its owner may fix it, and it is then loaded), not refused (it may be fine), and the run
 * goes on (a failed run would hold back every file sorted after it on every run). Only an error of the
 * file system on that very path counts: the same codes from the database connection (a socket directory
 * the worker may not enter) are the system's, and fail the run as before.
 */
const UNREADABLE_CODES = new Set(['EACCES', 'EPERM']);
function isUnreadable(error: unknown, path: string): boolean {
  const errno = [error, (error as Error | undefined)?.cause].find((e): e is NodeJS.ErrnoException => e instanceof Error && 'syscall' in e && 'path' in e);
  return errno !== undefined && errno.path === path && UNREADABLE_CODES.has(errno.code ?? '');
}

/** Whether a failed load is the file's fault (refuse it) or the system's (leave it for the next run). */
function isFileProblem(error: unknown): boolean {
  if (error instanceof CsvLayoutError) return true;
  if (!(error instanceof LoadError)) return false;
  const cause = error.cause;
  if (cause instanceof QueryError) {
    // Connection lost, server shutting down, lock or statement timeout: try again later.
    return !/^(08|57|53|40|55P03|ECONN|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND)/.test(cause.code ?? '08');
  }
  // Parsing (gzip, encoding) failures come without a database code: the file is at fault.
  return !(cause instanceof LgsError) && !(cause as NodeJS.ErrnoException | undefined)?.code?.startsWith('E');
}

function loadNote(summary: LoadSummary): string {
  if (summary.alreadyLoaded) {
    return `already loaded byte for byte as load ${summary.alreadyLoaded.loadId} (${summary.alreadyLoaded.sourceFile}, ${summary.alreadyLoaded.loadedAt}); nothing changed\n`;
  }
  const lines = [
    `load ${summary.loadId} (${summary.layout}) at ${new Date().toISOString()}`,
    `${summary.linesRead} lines read, ${summary.linesLoaded} loaded, ${summary.linesRejected} rejected`,
    `${summary.newLines} new distinct lines; ${summary.duplicateCopiesInFile} duplicate copies in the file; ${summary.linesWithMoreCopies} lines with more copies`,
  ];
  for (const reject of summary.rejects) lines.push(`rejected line ${reject.line}: ${reject.reason}`);
  if (summary.linesRejected > summary.rejects.length) lines.push(`… all rejected lines are kept in table load_reject (lgs quality)`);
  return lines.join('\n') + '\n';
}

export async function ingestDropFolder(db: Database, folder: string, options: DropFolderOptions): Promise<DropFolderOutcome> {
  const { settleMs, log, sleep = defaultSleep, onLoaded } = options;
  const loadedDir = join(folder, 'loaded');
  const rejectedDir = join(folder, 'rejected');
  // The folder is the shop's to make: a mistyped path would otherwise be created, and wait empty forever.
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) {
    throw new ConfigError(`ingest folder ${folder} ${info ? 'is not a folder' : 'does not exist'}: create it, or correct ingest.folder in the schedules file`, { folder });
  }
  await mkdir(loadedDir, { recursive: true });
  await mkdir(rejectedDir, { recursive: true });

  const entries = await readdir(folder, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isFile() && !IGNORED.test(entry.name)).map((entry) => entry.name).sort();
  const outcome: DropFolderOutcome = { loaded: [], rejected: [], waiting: [], unreadable: [] };
  if (names.length === 0) return outcome;

  const first = new Map<string, Look | null>();
  for (const name of names) first.set(name, await look(join(folder, name)));
  await sleep(settleMs);
  const now = Date.now();

  for (const name of names) {
    const path = join(folder, name);
    const before = first.get(name);
    const after = await look(path);
    if (!before || !after) continue; // moved away meanwhile (another worker)
    if (before.size !== after.size || before.mtimeMs !== after.mtimeMs || now - after.mtimeMs < settleMs) {
      outcome.waiting.push(name);
      log?.info({ file: path }, 'ingest: file still being written, left for the next run');
      continue;
    }
    let summary: LoadSummary;
    try {
      summary = await loadFile(db, path, { log });
    } catch (error) {
      if (isUnreadable(error, path)) {
        const reason = (error as Error).message;
        outcome.unreadable.push({ file: name, reason });
        log?.error({ file: path, reason }, 'ingest: cannot read the file, left in place (its permissions?); the other files go on');
        continue;
      }
      if (!isFileProblem(error)) throw error;
      const reason = (error as Error).message;
      const target = await freeName(rejectedDir, name, REASON_SUFFIX);
      await writeFile(join(rejectedDir, `${target}${REASON_SUFFIX}`), `${reason}\n`);
      await rename(path, join(rejectedDir, target));
      outcome.rejected.push({ file: name, reason });
      log?.warn({ file: path, reason }, 'ingest: file rejected');
      continue;
    }
    // Told before the note and the move, which may fail (a full disk): the lines are in once the load returns.
    const loaded = { file: name, loadId: summary.loadId, newLines: summary.newLines, alreadyLoaded: summary.alreadyLoaded !== null };
    onLoaded?.(loaded);
    const target = await freeName(loadedDir, name, NOTE_SUFFIX);
    await writeFile(join(loadedDir, `${target}${NOTE_SUFFIX}`), loadNote(summary));
    await rename(path, join(loadedDir, target));
    outcome.loaded.push(loaded);
    log?.info({ ...loaded, file: path }, 'ingest: file loaded');
  }
  return outcome;
}
