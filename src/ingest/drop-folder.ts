import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import { ConfigError, CsvLayoutError, LoadError, QueryError } from '../errors.js';
import type { Logger } from '../log.js';
import { isDecompressionError, loadFile, type LoadSummary } from '../warehouse/load.js';

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
 * A settled file is claimed before it is read: renamed into `.processing/` inside the folder, which only
 * the run holding the ingest lock touches. Every read of the load (its size, sha256, lines) and the move
 * after it then see one file, whatever the shop drops meanwhile: a new export written under the same name
 * waits in the folder for the next run instead of being moved away unread under the old one's note.
 *
 * Exactly once: the load and the record of the file's sha256 commit together; a run killed before the
 * commit loads nothing, one killed after it finds the sha256 on the next run, says "already loaded" and
 * just moves the file. A file a killed run left in `.processing/` is taken first by the next run. A file
 * the run cannot finish with (the database is down, its move fails) goes back into the folder.
 */
export interface DropFolderOutcome {
  loaded: { file: string; loadId: number; newLines: number; alreadyLoaded: boolean }[];
  rejected: { file: string; reason: string }[];
  /** Files left for a later run: still being written. */
  waiting: string[];
  /** Files left in place because this process may not read them (their permissions): the others still load. */
  unreadable: { file: string; reason: string }[];
  /**
   * Files loaded (`loadId`) or refused whose move to loaded/ or rejected/ failed (a full disk, a folder it
   * may not write): back in the folder, the others still load, and each run says so until one can move it.
   */
  unmovable: { file: string; reason: string; loadId?: number; newLines?: number }[];
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
const CLAIMED = '.processing';
/**
 * An empty file is an export that has not written its first bytes yet (its query still running) far more
 * often than an export of nothing: it waits this long after its last change before it is refused.
 */
export const EMPTY_FILE_WAIT_MS = 60 * 60_000;
const NOTE_SUFFIX = '.load.txt';
const REASON_SUFFIX = '.reason.txt';
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Look {
  size: number;
  mtimeMs: number;
  ino: number;
}

async function look(path: string): Promise<Look | null> {
  const info = await stat(path).catch(() => null);
  return info && info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino } : null;
}

const sameFile = (a: Look, b: Look) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;

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

/**
 * Whether a failed load is the file's fault (refuse it) or the system's (leave it for the next run). Only
 * what is known to come from the file's content counts as its fault: a layout the loader does not know, a
 * compressed stream that does not decompress, and the database refusing a value (SQLSTATE classes 22, data
 * exception, and 23, a constraint; 54000, a value too large for an index). Anything else — a connection
 * lost, a server shutting down, a COMMIT that did not answer, a full TMPDIR — leaves the file for the next
 * run: moved to rejected/ with "nothing was changed", a file whose load had in fact committed was misfiled.
 */
function isFileProblem(error: unknown): boolean {
  if (error instanceof CsvLayoutError) return true;
  if (!(error instanceof LoadError)) return false;
  // The cause that started it: a .gz that stops decompressing mid-stream fails the COPY fed from it, and
  // arrives as LoadError → QueryError('load/copy_lines') → zlib's error.
  const chain: unknown[] = [];
  for (let cause: unknown = error.cause; cause !== undefined && chain.length < 8; cause = (cause as Error).cause) chain.push(cause);
  if (chain.some((cause) => cause instanceof CsvLayoutError || isDecompressionError(cause))) return true;
  // A SQLSTATE is five characters (zlib's codes pass through QueryError too, and are not one).
  return chain.some((cause) => cause instanceof QueryError && /^(22[0-9A-Z]{3}|23[0-9A-Z]{3}|54000)$/.test(cause.code ?? ''));
}

/**
 * Renames `from` to `to`, or copies and unlinks when they are on different file systems (a loaded/ that
 * is a mount of its own). Never over an existing file: `to` comes from freeName.
 */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to, constants.COPYFILE_EXCL).catch(async (copyError: unknown) => {
      // A copy cut short (a full disk) is not the file: the next run's move must not find its name taken.
      await unlink(to).catch(() => undefined);
      throw copyError;
    });
    await unlink(from);
  }
}

/**
 * Puts a claimed file back into the folder for a later run. A hard link never replaces a file the shop
 * dropped under the same name meanwhile (a rename would); then the claimed one stays in `.processing/`,
 * which the next run takes first. The kernel refuses a link to a file this process may neither read nor
 * write (fs.protected_hardlinks): such a file is renamed back if its name is still free.
 */
async function release(claimedPath: string, path: string): Promise<void> {
  try {
    await link(claimedPath, path);
    await unlink(claimedPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' || (await look(path))) return;
    await rename(claimedPath, path).catch(() => undefined);
  }
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
  const claimedDir = join(folder, CLAIMED);
  // The folder is the shop's to make: a mistyped path would otherwise be created, and wait empty forever.
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) {
    throw new ConfigError(`ingest folder ${folder} ${info ? 'is not a folder' : 'does not exist'}: create it, or correct ingest.folder in the schedules file`, { folder });
  }
  await mkdir(loadedDir, { recursive: true });
  await mkdir(rejectedDir, { recursive: true });
  await mkdir(claimedDir, { recursive: true });
  const outcome: DropFolderOutcome = { loaded: [], rejected: [], waiting: [], unreadable: [], unmovable: [] };

  /** Loads the claimed file `name` and moves it to loaded/ or rejected/ (or back into the folder). */
  const ingestClaimed = async (name: string): Promise<void> => {
    const path = join(folder, name);
    const claimedPath = join(claimedDir, name);
    let summary: LoadSummary;
    try {
      summary = await loadFile(db, claimedPath, { log });
    } catch (error) {
      if (isUnreadable(error, claimedPath)) {
        const reason = (error as Error).message;
        await release(claimedPath, path);
        outcome.unreadable.push({ file: name, reason });
        log?.error({ file: path, reason }, 'ingest: cannot read the file, left in place (its permissions?); the other files go on');
        return;
      }
      if (!isFileProblem(error)) {
        await release(claimedPath, path);
        throw error;
      }
      const reason = (error as Error).message;
      if (await settle(claimedPath, path, rejectedDir, name, REASON_SUFFIX, `${reason}\n`)) {
        outcome.rejected.push({ file: name, reason });
        log?.warn({ file: path, reason }, 'ingest: file rejected');
      }
      return;
    }
    // Told before the note and the move, which may fail (a full disk): the lines are in once the load returns.
    const loaded = { file: name, loadId: summary.loadId, newLines: summary.newLines, alreadyLoaded: summary.alreadyLoaded !== null };
    onLoaded?.(loaded);
    if (await settle(claimedPath, path, loadedDir, name, NOTE_SUFFIX, loadNote(summary), { loadId: summary.loadId, newLines: summary.newLines })) {
      outcome.loaded.push(loaded);
      log?.info({ ...loaded, file: path }, 'ingest: file loaded');
    }
  };

  /**
   * Writes the note and moves the claimed file beside it; true when both are done. When either fails, the
   * note is taken back (each later run would leave one more) and the file goes back into the folder, named
   * as needing attention, and the run goes on with the other files.
   */
  const settle = async (claimedPath: string, path: string, dir: string, name: string, suffix: string, note: string, load?: { loadId: number; newLines: number }): Promise<boolean> => {
    const target = await freeName(dir, name, suffix);
    const notePath = join(dir, `${target}${suffix}`);
    // Ours to take back once created ('wx': freeName found the name free), even half written (ENOSPC).
    let noteCreated = false;
    try {
      await writeFile(notePath, note, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        noteCreated = error.code !== 'EEXIST';
        throw error;
      });
      noteCreated = true;
      await move(claimedPath, join(dir, target));
      return true;
    } catch (error) {
      if (noteCreated) await unlink(notePath).catch(() => undefined);
      await release(claimedPath, path);
      const reason = `${load ? `loaded as load ${load.loadId}` : 'refused'}, but could not be moved to ${dir}: ${(error as Error).message}`;
      outcome.unmovable.push({ file: name, reason, ...load });
      log?.error({ file: path, reason }, 'ingest: file could not be moved, left in the folder; the other files go on');
      return false;
    }
  };

  // Files a run was stopped in the middle of (killed) were claimed settled: they go first.
  for (const name of await fileNames(claimedDir)) await ingestClaimed(name);

  const names = (await fileNames(folder, log)).filter((name) => !IGNORED.test(name));
  if (names.length === 0) return outcome;
  const first = new Map<string, Look | null>();
  for (const name of names) first.set(name, await look(join(folder, name)));
  await sleep(settleMs);
  const now = Date.now();

  for (const name of names) {
    const path = join(folder, name);
    const claimedPath = join(claimedDir, name);
    const before = first.get(name);
    const after = await look(path);
    if (!before || !after) continue; // moved away meanwhile (another worker)
    // A modification time ahead of this clock (a file server's clock, a copy that kept its times) says
    // nothing of its age: the two looks alone decide for such a file.
    // An empty one is still taken for an export that has not begun to write, as any empty file is.
    const age = after.mtimeMs > now ? (after.size === 0 ? 0 : Infinity) : now - after.mtimeMs;
    const stillWritten = !sameFile(before, after) || age < (after.size === 0 ? EMPTY_FILE_WAIT_MS : settleMs);
    // A claimed file of that name that could not go back (a new one was dropped meanwhile) goes first.
    if (stillWritten || (await look(claimedPath))) {
      outcome.waiting.push(name);
      log?.info({ file: path }, 'ingest: file still being written, left for the next run');
      continue;
    }
    try {
      await rename(path, claimedPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // moved away meanwhile
      // Another user's file in a folder with the sticky bit, say: not read, named, and the others go on.
      const reason = `not loaded: it could not be claimed (moved into ${claimedDir}): ${(error as Error).message}`;
      outcome.unmovable.push({ file: name, reason });
      log?.error({ file: path, reason }, 'ingest: file could not be claimed, left in the folder; the other files go on');
      continue;
    }
    // Replaced between the look and the claim: the new file has not been seen to settle.
    const claimed = await look(claimedPath);
    if (!claimed || !sameFile(claimed, after)) {
      await release(claimedPath, path);
      outcome.waiting.push(name);
      continue;
    }
    await ingestClaimed(name);
  }
  return outcome;
}

/**
 * The files of a folder. A symbolic link is not one: claimed into `.processing/` a relative link would
 * point nowhere, and moved to loaded/ the export it names would stay behind. It is named in the log.
 */
async function fileNames(folder: string, log?: Logger): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries.filter((e) => e.isSymbolicLink() && !IGNORED.test(e.name))) {
    log?.warn({ file: join(folder, entry.name) }, 'ingest: a symbolic link is not read: move or copy the export itself into the folder');
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
}
