import { mkdir, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Database } from '../db/database.js';
import type { Logger } from '../log.js';
import { lockRunFiles, markRunPruned, pruneCandidates, prunedRuns, recordedKeys, type PruneCandidate } from '../queries/archive-queries.js';

/**
 * Archive retention (`lgs archive prune`): the files of runs that finished more than the keep-period ago
 * go, together with their report_document rows; outbox messages older than that go too.
 *
 * Never a row without its file, nor a file without its row: per run, inside one transaction that locks the
 * run, the files are first moved aside into `.pruning/<run>/` (a rename, atomic), then the rows are deleted
 * and the run marked pruned; only after the commit are the moved files deleted. A crash before the commit
 * leaves rows and moved files, which the next prune moves back; a crash after it leaves moved files of a
 * pruned run, which the next prune deletes. Files that no row names (a crash between archiving and
 * recording in an old version, a half-written temporary) are removed once older than the keep-period.
 * A file's sha256 sidecar (`<file>.sha256`) always goes and comes back with it.
 *
 * The run row itself stays, marked `files_pruned_at`: it is what tells the scheduler the period was done,
 * so pruning never makes a report be sent again.
 */
export interface PruneOptions {
  archiveFolder: string;
  outboxFolder: string;
  keepDays: number;
  now?: Date;
  /** Only say what would go. */
  dryRun?: boolean;
  log?: Logger;
}

export interface PruneResult {
  cutoff: string;
  runs: PruneCandidate[];
  files: number;
  bytes: number;
  outboxFiles: number;
  unrecordedFiles: number;
  /** Files of an interrupted earlier prune that were put back (their run was not pruned). */
  restoredFiles: number;
}

const PRUNING = '.pruning';
/** What FolderArchive keeps beside each file (its sha256); it goes and comes back with the file. */
const SIDECARS = ['', '.sha256'];

function inside(root: string, key: string): string {
  const path = resolve(root, key);
  if (!path.startsWith(root + sep)) throw new RangeError(`archive key "${key}" points outside the archive`);
  return path;
}

const ignoreMissing = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
};

/** Removes the folders a key lived in once they are empty, up to (not including) the archive root. */
async function removeEmptyParents(root: string, path: string): Promise<void> {
  for (let folder = dirname(path); folder !== root && folder.startsWith(root + sep); folder = dirname(folder)) {
    try {
      await rmdir(folder);
    } catch {
      return; // not empty (or already gone): the folders above are not empty either
    }
  }
}

/** Finishes what an interrupted prune left in `.pruning/`: back in place if its run was not pruned, else deleted. */
async function recoverInterrupted(db: Database, root: string, log?: Logger): Promise<number> {
  const pruning = join(root, PRUNING);
  const leftovers = (await readdir(pruning).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name)).map(Number);
  if (leftovers.length === 0) return 0;
  const pruned = await prunedRuns(db, leftovers);
  let restored = 0;
  for (const runId of leftovers) {
    const folder = join(pruning, String(runId));
    if (!pruned.has(runId)) {
      const rows = await db.transaction((tx) => lockRunFiles(tx, runId));
      for (const row of rows) {
        const target = inside(root, row.archive_key);
        await mkdir(dirname(target), { recursive: true });
        for (const suffix of SIDECARS) {
          try {
            await rename(join(folder, `${row.position}${suffix}`), target + suffix);
            if (suffix === '') restored++;
          } catch (error) {
            ignoreMissing(error as NodeJS.ErrnoException);
          }
        }
      }
    }
    await rm(folder, { recursive: true, force: true });
    log?.info({ runId, restored: !pruned.has(runId) }, 'finished an interrupted prune');
  }
  return restored;
}

async function pruneRun(db: Database, root: string, run: PruneCandidate): Promise<number> {
  const aside = join(root, PRUNING, String(run.run_id));
  const moved: { from: string; to: string }[] = [];
  try {
    await db.transaction(async (tx) => {
      const rows = await lockRunFiles(tx, run.run_id);
      await mkdir(aside, { recursive: true });
      for (const row of rows) {
        for (const suffix of SIDECARS) {
          const from = inside(root, row.archive_key) + suffix;
          const to = join(aside, `${row.position}${suffix}`);
          try {
            await rename(from, to);
            moved.push({ from, to });
          } catch (error) {
            // Already gone (removed by hand): its row goes now, which is what prune is for.
            ignoreMissing(error as NodeJS.ErrnoException);
          }
        }
      }
      await markRunPruned(tx, run.run_id);
    });
  } catch (error) {
    // Not committed: the rows stay, so the files go back.
    for (const { from, to } of moved) await rename(to, from).catch(() => undefined);
    await rm(aside, { recursive: true, force: true });
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
  for (const { from } of moved) await removeEmptyParents(root, from);
  return moved.filter(({ to }) => !to.endsWith('.sha256')).length;
}

async function* filesUnder(folder: string): AsyncGenerator<string> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== PRUNING) yield* filesUnder(path);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

async function olderThan(path: string, cutoff: Date): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && info.mtime < cutoff;
}

/** Archive files no row names, older than the cutoff (half-written temporaries included). */
async function removeUnrecorded(db: Database, root: string, cutoff: Date, dryRun: boolean): Promise<number> {
  const old: string[] = [];
  for await (const path of filesUnder(root)) if (await olderThan(path, cutoff)) old.push(path);
  if (old.length === 0) return 0;
  // A sidecar belongs to the file it describes: kept while that file's row is.
  const keys = old.map((path) => relative(root, path).split(sep).join('/').replace(/\.sha256$/, ''));
  const recorded = await recordedKeys(db, keys);
  const unrecorded = old.filter((_, i) => !recorded.has(keys[i]!));
  if (!dryRun) {
    for (const path of unrecorded) {
      await unlink(path).catch(ignoreMissing);
      await removeEmptyParents(root, path);
    }
  }
  return unrecorded.length;
}

async function pruneOutbox(folder: string, cutoff: Date, dryRun: boolean): Promise<number> {
  let removed = 0;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const path = join(folder, name);
    if (!name.endsWith('.eml') || !(await olderThan(path, cutoff))) continue;
    if (!dryRun) await unlink(path).catch(ignoreMissing);
    removed++;
  }
  return removed;
}

export async function pruneArchive(db: Database, options: PruneOptions): Promise<PruneResult> {
  const root = resolve(options.archiveFolder);
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.keepDays * 86_400_000);
  const restoredFiles = options.dryRun ? 0 : await recoverInterrupted(db, root, options.log);
  const runs = await pruneCandidates(db, cutoff);
  let files = 0;
  if (options.dryRun) {
    files = runs.reduce((sum, run) => sum + run.files, 0);
  } else {
    for (const run of runs) {
      files += await pruneRun(db, root, run);
      options.log?.info({ runId: run.run_id, schedule: run.schedule, period: run.period, files: run.files }, 'run files pruned');
    }
  }
  const unrecordedFiles = await removeUnrecorded(db, root, cutoff, Boolean(options.dryRun));
  const outboxFiles = await pruneOutbox(resolve(options.outboxFolder), cutoff, Boolean(options.dryRun));
  return {
    cutoff: cutoff.toISOString(),
    runs,
    files,
    bytes: runs.reduce((sum, run) => sum + run.bytes, 0),
    outboxFiles,
    unrecordedFiles,
    restoredFiles,
  };
}
