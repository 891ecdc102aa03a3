import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, readlinkSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DatabaseUnavailableError, EmbeddedDatabaseInUseError } from '../errors.js';

/** The lock's file, inside the data folder: it goes with the folder, and PostgreSQL ignores files it does not know. */
export const LOCK_FILE_NAME = 'lgs.lock';

/** Who holds a folder. `started` tells a live holder from a later process that was given the same pid. */
export interface LockHolder {
  pid: number;
  host: string;
  /**
   * The kernel's id of the holder's pid namespace (`pid:[4026531836]`), where there is one. Containers that
   * share a host name (`--network host`, a fixed `hostname:`) each number their processes from 1: a pid is
   * only comparable within one namespace. Absent in locks written before it was recorded.
   */
  pidNamespace?: string;
  /** The process's start time in clock ticks after boot (/proc/<pid>/stat), or null where there is no /proc. */
  started: string | null;
}

type ProcessState = { running: boolean; started: string | null };

/** What the kernel says of `pid`; undefined when /proc is not there to ask. */
function fromProc(pid: number): ProcessState | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return existsSync('/proc/self/stat') ? { running: false, started: null } : undefined;
  }
  // The command name may hold spaces and parentheses: the fields start after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  // A zombie (killed, not yet reaped by its parent) holds nothing any more.
  return { running: state !== 'Z' && state !== 'X', started: fields[19] ?? null };
}

/** This process's pid namespace, or undefined where /proc does not say. */
function pidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

function processState(pid: number): ProcessState {
  const proc = fromProc(pid);
  if (proc) return proc;
  try {
    process.kill(pid, 0);
    return { running: true, started: null };
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return { running: (error as NodeJS.ErrnoException).code === 'EPERM', started: null };
  }
}

/**
 * Whether the holder still runs. A lock left by a process killed with SIGKILL (or by a crash) names a pid
 * that is gone, or that now belongs to a process started later: then it holds nothing. This asks the kernel
 * rather than trusting a timestamp the holder refreshes, because PGlite runs queries synchronously on the
 * holder's only thread (seconds at a time in a load), which would stop any refresh and let a second process
 * take a folder that is still being written. A holder on another host (a shared network folder, another
 * container) cannot be asked, so it is taken to be running.
 */
export function isHolding(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  // Another pid namespace's process cannot be asked either: its pid 1 is not ours.
  if (holder.pidNamespace !== undefined && holder.pidNamespace !== pidNamespace()) return true;
  const state = processState(holder.pid);
  if (!state.running) return false;
  return holder.started === null || state.started === null || holder.started === state.started;
}

function readHolder(path: string): { text: string; holder: LockHolder | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && (typeof parsed.started === 'string' || parsed.started === null)) {
      const namespace = typeof parsed.pidNamespace === 'string' ? { pidNamespace: parsed.pidNamespace } : {};
      return { text, holder: { pid: parsed.pid, host: parsed.host, started: parsed.started, ...namespace } };
    }
  } catch {
    // falls through: not a lock this program wrote whole (it writes a lock before it links it into place)
  }
  return { text, holder: undefined };
}

function inUse(dataDir: string, path: string, holder: LockHolder): EmbeddedDatabaseInUseError {
  const context = { folder: dataDir, lockFile: path, pid: holder.pid, host: holder.host };
  if (holder.host !== hostname()) {
    return new EmbeddedDatabaseInUseError(
      `the embedded database in ${dataDir} is in use by an lgs process on host ${holder.host} (pid ${holder.pid}); wait for it to finish, or use a PostgreSQL server (DATABASE_URL) for concurrent work. If no lgs runs there any more, delete ${path}`,
      context,
    );
  }
  if (holder.pid === process.pid) {
    return new EmbeddedDatabaseInUseError(`the embedded database in ${dataDir} is already open in this process (pid ${holder.pid}); close it before opening it again`, context);
  }
  return new EmbeddedDatabaseInUseError(
    `the embedded database in ${dataDir} is in use by another lgs process (pid ${holder.pid}); wait for it to finish, or use a PostgreSQL server (DATABASE_URL) for concurrent work`,
    context,
  );
}

/**
 * Removes a lock whose holder is gone. It is first renamed to a name of this process's own, so that of two
 * processes breaking the same lock at once, the one that comes second cannot delete the lock the first has
 * taken since: it finds a text other than the one it judged stale, and links that lock back.
 */
function removeStale(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readFileSync(aside, 'utf8') !== staleText) linkSync(aside, path);
  } catch (error) {
    // EEXIST: a third process took the folder in the instant the lock was away; the next round reports it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(aside);
  }
}

/** The locks this process holds (lock file → its text), released when the process exits. */
const held = new Map<string, string>();

function releaseOwn(path: string): void {
  const text = held.get(path);
  if (text === undefined) return;
  held.delete(path);
  try {
    // Only our own lock: never one that another process has taken since.
    if (readFileSync(path, 'utf8') === text) unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** A command that ends without closing its database leaves no lock behind (a killed one leaves a stale one). */
function releaseAllAtExit(): void {
  for (const path of [...held.keys()]) {
    try {
      releaseOwn(path);
    } catch {
      // The process is ending: a lock left behind is stale, and the next command removes it.
    }
  }
}

/**
 * Takes the lock of an embedded data folder for this process, or throws EmbeddedDatabaseInUseError naming
 * the process that holds it. Gives the function that releases it.
 */
export function lockEmbeddedFolder(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE_NAME);
  const namespace = pidNamespace();
  const me: LockHolder = { pid: process.pid, host: hostname(), started: processState(process.pid).started, ...(namespace === undefined ? {} : { pidNamespace: namespace }) };
  const text = `${JSON.stringify(me)}\n`;
  // Written whole under a name of its own, then linked into place: link() fails when the lock exists, so the
  // lock is taken atomically, and no other process can read a lock half written.
  const draft = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(draft, text);
    try {
      // A few rounds: each one that fails found a lock that was released or stale meanwhile.
      for (let round = 0; round < 5; round++) {
        try {
          linkSync(draft, path);
          if (held.size === 0) process.once('exit', releaseAllAtExit);
          held.set(path, text);
          let released = false;
          return () => {
            // Once: a second close() must not release the lock of a later open of the same folder here.
            if (released) return;
            released = true;
            releaseOwn(path);
            if (held.size === 0) process.removeListener('exit', releaseAllAtExit);
          };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const found = readHolder(path);
        if (!found) continue;
        if (found.holder && isHolding(found.holder)) throw inUse(dataDir, path, found.holder);
        removeStale(path, found.text);
      }
    } finally {
      unlinkSync(draft);
    }
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUseError) throw error;
    throw new DatabaseUnavailableError(`cannot lock the embedded database in ${dataDir}: ${(error as Error).message}`, { folder: dataDir, lockFile: path }, { cause: error });
  }
  throw new DatabaseUnavailableError(`cannot lock the embedded database in ${dataDir}: its lock ${path} kept changing hands`, { folder: dataDir, lockFile: path });
}
