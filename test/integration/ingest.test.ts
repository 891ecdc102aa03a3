import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/config/environment.js';
import { ingestSchema } from '../../src/config/schedules-schema.js';
import { ingestDropFolder, type DropFolderOutcome } from '../../src/ingest/drop-folder.js';
import { INGEST_LOCK, runIngest } from '../../src/ingest/ingest-job.js';
import { forgetOtherIngestSources, recordIngestFailure, recordIngestLook } from '../../src/ingest/ingest-status.js';
import { REPORT_JOB_NAME } from '../../src/jobs/report-queue.js';
import { createLogger } from '../../src/log.js';
import { startWorker, type RunningWorker } from '../../src/main.js';
import { collectQuality } from '../../src/metrics/collect-metrics.js';
import { fileSha256 } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { SAMPLE, readFixture } from '../support/fixtures.js';
import { canMountSmallFilesystem, mountSmallFilesystem } from '../support/small-filesystem.js';
import { stopWorker, waitUntil, workerEnvironment, writeSchedules } from '../support/worker-environment.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));
const DIST_POSTGRES = new URL('../../dist/src/db/postgres.js', import.meta.url).href;
const DIST_DROP_FOLDER = new URL('../../dist/src/ingest/drop-folder.js', import.meta.url).href;
const DIST_INGEST_JOB = new URL('../../dist/src/ingest/ingest-job.js', import.meta.url).href;
const DIST_ENVIRONMENT = new URL('../../dist/src/config/environment.js', import.meta.url).href;
const DIST_LOG = new URL('../../dist/src/log.js', import.meta.url).href;
const execFileAsync = promisify(execFile);
const HEADER = 'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country';
const noWait = async () => undefined;

let database: TestDatabase;
let inbox: string;
beforeEach(async () => {
  database = await freshPostgres();
  inbox = mkdtempSync(join(tmpdir(), 'lgs-inbox-'));
});
afterEach(() => database.dispose());

/** Drops a file that was finished a minute ago (as a settled export would be). */
function drop(name: string, content: string | Buffer): string {
  const path = join(inbox, name);
  writeFileSync(path, content);
  const past = new Date(Date.now() - 60_000);
  utimesSync(path, past, past);
  return path;
}

/**
 * One run in a process that file permissions apply to: as user nobody when the tests run as root (who may
 * read any file), else as this user. `drop-folder` is the folder's run alone; `ingest` the worker's whole
 * ingest (runIngest: the run, its record for lgs quality, the scores). Its outcome.
 */
async function asUnprivilegedUser(run: 'drop-folder' | 'ingest', databaseUrl: string, folder: string): Promise<DropFolderOutcome> {
  const script = `
    const { connectPostgres } = await import(${JSON.stringify(DIST_POSTGRES)});
    const { ingestDropFolder } = await import(${JSON.stringify(DIST_DROP_FOLDER)});
    const { runIngest } = await import(${JSON.stringify(DIST_INGEST_JOB)});
    const { readEnvironment } = await import(${JSON.stringify(DIST_ENVIRONMENT)});
    const { createLogger } = await import(${JSON.stringify(DIST_LOG)});
    const [url, folder, run] = process.argv.slice(1);
    const db = connectPostgres(url);
    try {
      const outcome = run === 'ingest'
        ? await runIngest({ db, log: createLogger('silent'), environment: readEnvironment({ DATABASE_URL: url, LGS_INGEST_SETTLE_MS: '0' }) }, { folder, cron: '* * * * *', timezone: 'UTC', enabled: true })
        : await ingestDropFolder(db, folder, { settleMs: 0, sleep: async () => undefined });
      console.log(JSON.stringify(outcome));
    } finally { await db.close(); }`;
  const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const { stdout } = await execFileAsync(asNobody[0] ?? process.execPath, [...asNobody.slice(1), ...(asNobody.length > 0 ? [process.execPath] : []), '--input-type=module', '-e', script, databaseUrl, folder, run], { cwd: tmpdir() });
  return JSON.parse(stdout) as DropFolderOutcome;
}

async function count(sql: string): Promise<number> {
  const [row] = await database.db.query<{ n: number }>(sql);
  return row!.n;
}

describe('drop folder', () => {
  it('loads a new file once and moves it to loaded/ with what the load did beside it', async () => {
    drop('2011-03.csv', readFixture('hand-computed.csv'));
    const outcome = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    expect(outcome.loaded).toEqual([{ file: '2011-03.csv', loadId: 1, newLines: 17, alreadyLoaded: false }]);
    expect(readdirSync(inbox).sort()).toEqual(['.processing', 'loaded', 'rejected']);
    expect(readdirSync(join(inbox, '.processing'))).toEqual([]);
    expect(readdirSync(join(inbox, 'loaded')).sort()).toEqual(['2011-03.csv', '2011-03.csv.load.txt']);
    expect(readFileSync(join(inbox, 'loaded', '2011-03.csv.load.txt'), 'utf8')).toContain('18 lines read, 18 loaded, 0 rejected');
    expect(await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait })).toEqual({ loaded: [], rejected: [], waiting: [], unreadable: [], unmovable: [] });
  });

  it('leaves a .part file and a file that is still changing for a later run', async () => {
    drop('orders.csv.part', readFixture('hand-computed.csv'));
    const growing = join(inbox, 'growing.csv');
    writeFileSync(growing, `${HEADER}\n`);
    const outcome = await ingestDropFolder(database.db, inbox, {
      settleMs: 50,
      // The export writes more between the two looks.
      sleep: async () => writeFileSync(growing, `${HEADER}\n500001,10001,RED MUG,10,2011-01-01 10:00:00,2.5,101.0,United Kingdom\n`, { flag: 'w' }),
    });
    expect(outcome).toEqual({ loaded: [], rejected: [], waiting: ['growing.csv'], unreadable: [], unmovable: [] });
    expect(existsSync(join(inbox, 'orders.csv.part'))).toBe(true);
    expect(await count('SELECT count(*)::int AS n FROM load_run')).toBe(0);
  });

  it('moves a file it cannot load to rejected/ with the reason beside it, and loads the others', async () => {
    drop('a-orders.csv', 'order_id,sku,qty\n1,2,3\n');
    drop('b-2011-03.csv', readFixture('hand-computed.csv'));
    const outcome = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    expect(outcome.rejected).toHaveLength(1);
    expect(outcome.loaded.map((file) => file.file)).toEqual(['b-2011-03.csv']);
    expect(readdirSync(join(inbox, 'rejected')).sort()).toEqual(['a-orders.csv', 'a-orders.csv.reason.txt']);
    expect(readFileSync(join(inbox, 'rejected', 'a-orders.csv.reason.txt'), 'utf8')).toMatch(/line 1: unknown CSV header "order_id,sku,qty"/);
  });

  it('leaves a file it may not read in place, saying why, and loads the files after it', async () => {
    const locked = drop('a-locked.csv', readFixture('hand-computed.csv'));
    drop('b-2011-03.csv', readFixture('hand-computed.csv').replaceAll('500001', '600001'));
    chmodSync(locked, 0o000);
    chmodSync(inbox, 0o777);
    const outcome = await asUnprivilegedUser('drop-folder', database.location, inbox);
    expect(outcome.unreadable).toEqual([{ file: 'a-locked.csv', reason: expect.stringContaining('EACCES') }]);
    expect(outcome.loaded.map((file) => file.file)).toEqual(['b-2011-03.csv']);
    expect(outcome.rejected).toEqual([]);
    expect(existsSync(locked)).toBe(true);
    // Once its owner lets it be read, the next run loads it.
    chmodSync(locked, 0o644);
    const next = await asUnprivilegedUser('drop-folder', database.location, inbox);
    expect(next.loaded.map((file) => file.file)).toEqual(['a-locked.csv']);
  });

  it('refuses a folder that does not exist, naming it, instead of creating it', async () => {
    const missing = join(inbox, 'typo', 'drops');
    await expect(ingestDropFolder(database.db, missing, { settleMs: 0, sleep: noWait })).rejects.toThrow(`ingest folder ${missing} does not exist`);
    expect(existsSync(join(inbox, 'typo'))).toBe(false);
  });

  it('keeps the note of a load whose run stopped before moving the file, and moves the file under a name of its own', async () => {
    drop('march.csv', readFixture('hand-computed.csv'));
    await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    // As a run killed between writing the note and the move leaves it: the file back in the inbox.
    renameSync(join(inbox, 'loaded', 'march.csv'), join(inbox, 'march.csv'));
    const again = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    expect(again.loaded).toEqual([{ file: 'march.csv', loadId: 1, newLines: 0, alreadyLoaded: true }]);
    expect(readFileSync(join(inbox, 'loaded', 'march.csv.load.txt'), 'utf8')).toContain('18 lines read, 18 loaded, 0 rejected');
    const moved = readdirSync(join(inbox, 'loaded')).filter((name) => name.endsWith('-march.csv'));
    expect(moved).toHaveLength(1);
    expect(readFileSync(join(inbox, 'loaded', `${moved[0]}.load.txt`), 'utf8')).toMatch(/^already loaded byte for byte as load 1/);
  });

  it('moves a file dropped again byte for byte without loading it, under a name of its own', async () => {
    drop('march.csv', readFixture('hand-computed.csv'));
    await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    drop('march.csv', readFixture('hand-computed.csv'));
    const again = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    expect(again.loaded).toEqual([{ file: 'march.csv', loadId: 1, newLines: 0, alreadyLoaded: true }]);
    expect(readdirSync(join(inbox, 'loaded'))).toHaveLength(4);
    expect(await count('SELECT count(*)::int AS n FROM load_run')).toBe(1);
  });
});

describe('drop folder under faults', () => {
  const NEW_EXPORT = `${HEADER}\n700001,10001,RED MUG,6,2011-03-20 10:00:00,2.5,101.0,United Kingdom\n`;

  /** Runs `during` once the load of the drop folder waits for invoice_line, held by this test meanwhile. */
  async function whileTheLoadWaits(during: () => Promise<void> | void): Promise<DropFolderOutcome> {
    let run: Promise<DropFolderOutcome> | undefined;
    await database.db.transaction(async (tx) => {
      await tx.exec('LOCK TABLE invoice_line IN ACCESS EXCLUSIVE MODE');
      run = ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
      await waitUntil(async () => (await count("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) > 0, 30_000, 'the load to wait for invoice_line');
      await during();
    });
    return run!;
  }

  it('loads a file the shop replaces under the same name while it loads, and leaves the new one for the next run', async () => {
    drop('orders.csv', readFixture('hand-computed.csv'));
    const outcome = await whileTheLoadWaits(() => {
      // The documented safe way to drop a file: write it under .part, then rename it into place.
      writeFileSync(join(inbox, 'orders.csv.part'), NEW_EXPORT);
      renameSync(join(inbox, 'orders.csv.part'), join(inbox, 'orders.csv'));
    });
    expect(outcome.loaded).toEqual([{ file: 'orders.csv', loadId: 1, newLines: 17, alreadyLoaded: false }]);
    expect(readFileSync(join(inbox, 'loaded', 'orders.csv'), 'utf8')).toBe(readFixture('hand-computed.csv'));
    expect(readFileSync(join(inbox, 'orders.csv'), 'utf8')).toBe(NEW_EXPORT);
    utimesSync(join(inbox, 'orders.csv'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const next = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    expect(next.loaded).toEqual([{ file: 'orders.csv', loadId: 2, newLines: 1, alreadyLoaded: false }]);
    expect(await count("SELECT count(*)::int AS n FROM invoice_line WHERE invoice = '700001'")).toBe(1);
  });

  it('leaves a file in the folder, not in rejected/, when the database connection is lost during its COMMIT', async () => {
    // A deferred trigger holds the COMMIT (it runs as part of it) while the test ends that backend, as a
    // server stopping or a network cut at that moment would.
    await database.db.exec(`CREATE FUNCTION hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER hold_commit AFTER INSERT ON load_run DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hold_commit()`);
    drop('orders.csv', readFixture('hand-computed.csv'));
    const run = ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    const committing = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'COMMIT' AND wait_event = 'PgSleep'";
    await waitUntil(async () => (await database.db.query(committing)).length > 0, 30_000, 'the load to reach its COMMIT');
    await database.db.query(`SELECT pg_terminate_backend(pid) FROM (${committing}) AS held`);
    await expect(run).rejects.toThrow(/orders\.csv: load failed, the database did not confirm its commit, so it may or may not have been kept/);
    expect(readdirSync(join(inbox, 'rejected'))).toEqual([]);
    expect(existsSync(join(inbox, 'orders.csv'))).toBe(true);
    await database.db.exec('DROP TRIGGER hold_commit ON load_run');
    const next = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    expect(next.loaded).toEqual([{ file: 'orders.csv', loadId: expect.any(Number), newLines: 17, alreadyLoaded: false }]);
  });

  it('refuses a .gz cut short before its header line, and loads the files after it', async () => {
    drop('a-cut.csv.gz', gzipSync(readFixture('hand-computed.csv')).subarray(0, 16));
    drop('b-2011-03.csv', readFixture('hand-computed.csv'));
    const outcome = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    expect(outcome.rejected).toEqual([{ file: 'a-cut.csv.gz', reason: expect.stringMatching(/a-cut\.csv\.gz: load failed, nothing was changed in the warehouse: unexpected end of file$/) }]);
    expect(outcome.loaded.map((file) => file.file)).toEqual(['b-2011-03.csv']);
  });

  it('refuses a .gz that stops decompressing part-way through its lines, and loads the files after it', async () => {
    // 20,000 lines compress to well over zlib's first blocks: cut at half, the COPY fed from it fails.
    const lines = Array.from({ length: 20_000 }, (_, i) => `${800000 + i},85123A,WHITE HANGING HEART T-LIGHT HOLDER,${1 + (i % 7)},2011-03-01 10:${String(i % 60).padStart(2, '0')}:00,2.55,${10000 + (i % 900)}.0,United Kingdom`);
    const whole = gzipSync(`${HEADER}\n${lines.join('\n')}\n`);
    drop('a-cut.csv.gz', whole.subarray(0, whole.length >> 1));
    drop('b-2011-03.csv', readFixture('hand-computed.csv'));
    const outcome = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    expect(outcome.rejected).toEqual([{ file: 'a-cut.csv.gz', reason: expect.stringContaining('unexpected end of file') }]);
    expect(outcome.loaded.map((file) => file.file)).toEqual(['b-2011-03.csv']);
    expect(await count("SELECT count(*)::int AS n FROM invoice_line WHERE invoice LIKE '8%'")).toBe(0);
  });

  it('waits for an empty file whose modification time is ahead of the clock (a file server\'s), as for any empty file', async () => {
    const path = join(inbox, 'orders.csv');
    writeFileSync(path, '');
    const ahead = new Date(Date.now() + 5_000);
    utimesSync(path, ahead, ahead);
    expect((await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait })).waiting).toEqual(['orders.csv']);
  });

  it('waits for an empty file to be written, and refuses one left empty for an hour', async () => {
    drop('a-export.csv', '');
    expect((await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait })).waiting).toEqual(['a-export.csv']);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(inbox, 'a-export.csv'), anHourAgo, anHourAgo);
    const outcome = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    expect(outcome.rejected).toEqual([{ file: 'a-export.csv', reason: expect.stringContaining('the file is empty (no header line)') }]);
  });

  it.skipIf(process.getuid?.() !== 0)("names a file it may not claim (another user's, in a folder with the sticky bit) and loads the files after it", async () => {
    drop('a-roots.csv', readFixture('hand-computed.csv'));
    const theirs = drop('b-2011-03.csv', readFixture('hand-computed.csv').replaceAll('500001', '600001'));
    chownSync(theirs, 65534, 65534);
    chmodSync(inbox, 0o1777);
    const outcome = await asUnprivilegedUser('drop-folder', database.location, inbox);
    expect(outcome.unmovable).toEqual([{ file: 'a-roots.csv', reason: expect.stringMatching(/^not loaded: it could not be claimed \(moved into .*\.processing\): EPERM/) }]);
    expect(outcome.loaded.map((file) => file.file)).toEqual(['b-2011-03.csv']);
    expect(existsSync(join(inbox, 'a-roots.csv'))).toBe(true);
  });

  it.skipIf(!canMountSmallFilesystem)('moves a loaded file to a loaded/ on another file system', async () => {
    const elsewhere = mountSmallFilesystem(1 << 20);
    try {
      symlinkSync(elsewhere.path, join(inbox, 'loaded'));
      drop('2011-03.csv', readFixture('hand-computed.csv'));
      const outcome = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
      expect(outcome.loaded.map((file) => file.file)).toEqual(['2011-03.csv']);
      expect(readdirSync(elsewhere.path).sort()).toEqual(['2011-03.csv', '2011-03.csv.load.txt']);
      expect(readFileSync(join(elsewhere.path, '2011-03.csv'), 'utf8')).toBe(readFixture('hand-computed.csv'));
      expect(readdirSync(join(inbox, '.processing'))).toEqual([]);
    } finally {
      elsewhere.unmount();
    }
  });

  it.skipIf(!canMountSmallFilesystem)('leaves a loaded file in the folder when loaded/ is full, goes on with the next file, and moves it once there is room', async () => {
    const full = mountSmallFilesystem(8192);
    try {
      symlinkSync(full.path, join(inbox, 'loaded'));
      writeFileSync(join(full.path, 'filler'), Buffer.alloc(8192));
      drop('a-2011-03.csv', readFixture('hand-computed.csv'));
      drop('b-orders.csv', 'order_id,sku,qty\n1,2,3\n');
      const outcome = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
      expect(outcome.unmovable).toEqual([{ file: 'a-2011-03.csv', loadId: 1, newLines: 17, reason: expect.stringMatching(/^loaded as load 1, but could not be moved to .*loaded: ENOSPC/) }]);
      expect(outcome.rejected.map((file) => file.file)).toEqual(['b-orders.csv']);
      expect(readdirSync(inbox).sort()).toEqual(['.processing', 'a-2011-03.csv', 'loaded', 'rejected']);
      expect(readdirSync(full.path)).toEqual(['filler']);
      rmSync(join(full.path, 'filler'));
      const next = await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
      expect(next.loaded).toEqual([{ file: 'a-2011-03.csv', loadId: 1, newLines: 0, alreadyLoaded: true }]);
      expect(readdirSync(full.path).sort()).toEqual(['a-2011-03.csv', 'a-2011-03.csv.load.txt']);
      expect(await count('SELECT count(*)::int AS n FROM load_run')).toBe(1);
    } finally {
      full.unmount();
    }
  });
});

describe('what ingest last did, for the people who watch it (lgs quality)', () => {
  const folderConfig = (folder: string) => ingestSchema.parse({ folder, cron: '*/5 * * * *' });
  const ingestServices = () => ({ db: database.db, log: createLogger('silent'), environment: readEnvironment({ DATABASE_URL: database.location, LGS_INGEST_SETTLE_MS: '0' }) });
  const looks = () => database.db.query<{ last_look_at: Date; last_new_lines_at: Date | null }>('SELECT last_look_at, last_new_lines_at FROM ingest_source');

  /** a-2011-03.csv loads; b-2011-03.csv fails as a statement timeout would (57014: the system's fault, it stays). */
  async function dropTwoFilesTheSecondTimingOut() {
    await database.db.exec(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'load_run refuses b-' USING ERRCODE = 'query_canceled'; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON load_run FOR EACH ROW WHEN (NEW.source_file LIKE 'b-%') EXECUTE FUNCTION refuse()`);
    drop('a-2011-03.csv', readFixture('hand-computed.csv'));
    drop('b-2011-03.csv', readFixture('hand-computed.csv').replaceAll('500001', '600001'));
  }

  it('records each look at the source, and when a look last brought new lines', async () => {
    drop('2011-03.csv', readFixture('hand-computed.csv'));
    await runIngest(ingestServices(), folderConfig(inbox));
    const [first] = await looks();
    expect(first!.last_new_lines_at).toEqual(first!.last_look_at);

    await runIngest(ingestServices(), folderConfig(inbox)); // nothing new in the folder
    const [second] = await looks();
    expect(second!.last_look_at.getTime()).toBeGreaterThan(first!.last_look_at.getTime());
    expect(second!.last_new_lines_at).toEqual(first!.last_new_lines_at);
  });

  it('keeps the later-started run\'s list when two runs are recorded out of order (two workers)', async () => {
    const log = createLogger('silent');
    const later = new Date('2026-11-26T10:05:00Z');
    await recordIngestLook(database.db, log, 'folder /in', { startedAt: later, addedLines: false, needsAttention: [] });
    await recordIngestLook(database.db, log, 'folder /in', { startedAt: new Date('2026-11-26T10:00:00Z'), addedLines: true, needsAttention: ['a.csv: EACCES'] });
    const [source] = (await collectQuality(database.db, '2011-03-10T00:00:00')).ingest;
    expect(source).toMatchObject({ lastLookAt: '2026-11-26T10:05:00Z', lastNewLinesAt: '2026-11-26T10:00:00Z', needsAttention: [] });
  });

  it('keeps the later failure when two are recorded out of order, and hides one older than the last look', async () => {
    const log = createLogger('silent');
    await recordIngestFailure(database.db, log, 'folder /in', { startedAt: new Date('2026-11-26T10:05:00Z'), addedLines: false }, new Error('second'));
    await recordIngestFailure(database.db, log, 'folder /in', { startedAt: new Date('2026-11-26T10:00:00Z'), addedLines: false }, new Error('first'));
    expect((await collectQuality(database.db, '2011-03-10T00:00:00')).ingest[0]!.failure).toEqual({ at: '2026-11-26T10:05:00Z', reason: 'second' });
    await recordIngestLook(database.db, log, 'folder /in', { startedAt: new Date('2026-11-26T10:10:00Z'), addedLines: false, needsAttention: [] });
    expect((await collectQuality(database.db, '2011-03-10T00:00:00')).ingest[0]!.failure).toBeNull();
  });

  it('leaves the scores behind a second file while the last refresh is younger than LGS_SCORE_REFRESH_MINUTES, and refreshes them on a run after that', async () => {
    const refreshedLoad = async () => count('SELECT coalesce(max(load_id), 0) AS n FROM score_refresh');
    drop('a-2011-03.csv', readFixture('hand-computed.csv'));
    await runIngest(ingestServices(), folderConfig(inbox));
    expect(await refreshedLoad()).toBe(1);
    drop('b-2011-03.csv', readFixture('hand-computed.csv').replaceAll('500001', '600001'));
    expect(await runIngest(ingestServices(), folderConfig(inbox))).toMatchObject({ loaded: [{ file: 'b-2011-03.csv', newLines: expect.any(Number) }] });
    expect(await refreshedLoad()).toBe(1);
    expect((await collectQuality(database.db, '2011-03-10T00:00:00')).scores).toMatchObject({ refreshedAfterLoad: 1, newestDataLoad: 2, behind: true });
    // The default interval, 60 minutes, passes.
    await database.db.query("UPDATE score_refresh SET refreshed_at = refreshed_at - interval '61 minutes'");
    await runIngest(ingestServices(), folderConfig(inbox)); // nothing new in the folder
    expect(await refreshedLoad()).toBe(2);
    expect((await collectQuality(database.db, '2011-03-10T00:00:00')).scores).toMatchObject({ refreshedAfterLoad: 2, newestDataLoad: 2, behind: false });
  });

  it('still loads the file and refreshes the scores when the run cannot be recorded', async () => {
    await database.db.exec(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'ingest_source refuses writes'; END $$;
      CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON ingest_source FOR EACH ROW EXECUTE FUNCTION refuse()`);
    drop('2011-03.csv', readFixture('hand-computed.csv'));
    const outcome = await runIngest(ingestServices(), folderConfig(inbox));
    expect(outcome).toMatchObject({ loaded: [{ file: '2011-03.csv', newLines: 17 }] });
    expect(await count('SELECT count(*)::int AS n FROM score_refresh WHERE load_id = 1')).toBe(1);
  });

  it('shows both the new lines and the failure of a run that loaded its file and failed in the scoring after it', async () => {
    await database.db.exec(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'score_refresh refuses writes'; END $$;
      CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON score_refresh FOR EACH ROW EXECUTE FUNCTION refuse()`);
    drop('2011-03.csv', readFixture('hand-computed.csv'));
    await expect(runIngest(ingestServices(), folderConfig(inbox))).rejects.toThrow('score_refresh refuses writes');
    const [source] = (await collectQuality(database.db, '2011-03-10T00:00:00')).ingest;
    expect(source!.lastNewLinesAt).not.toBeNull();
    expect(source!.failure?.reason).toContain('score_refresh refuses writes');
  });

  it('shows the new lines of a folder run that loaded one file and failed on the next (a statement timeout)', async () => {
    await dropTwoFilesTheSecondTimingOut();
    await expect(runIngest(ingestServices(), folderConfig(inbox))).rejects.toThrow('load_run refuses b-');
    expect(readdirSync(join(inbox, 'loaded'))).toContain('a-2011-03.csv');
    expect(existsSync(join(inbox, 'b-2011-03.csv'))).toBe(true);
    const [source] = (await collectQuality(database.db, '2011-03-10T00:00:00')).ingest;
    expect(source).toMatchObject({ lastLookAt: null, failure: { reason: expect.stringContaining('load_run refuses b-') } });
    expect(source!.lastNewLinesAt).toBe(source!.failure!.at);
  });

  it('says it added lines when the run fails on a later file, so stale runs need not wait for the reconciler', async () => {
    await dropTwoFilesTheSecondTimingOut();
    let told = 0;
    await expect(runIngest(ingestServices(), folderConfig(inbox), { onAddedLines: () => (told += 1) })).rejects.toThrow('load_run refuses b-');
    expect(told).toBe(1);
  });

  it('keeps on record the new lines of a file loaded but not movable (loaded/ not writable), naming it as needing attention', async () => {
    drop('2011-03.csv', readFixture('hand-computed.csv'));
    mkdirSync(join(inbox, 'loaded'));
    chmodSync(join(inbox, 'loaded'), 0o555);
    chmodSync(inbox, 0o777);
    const outcome = await asUnprivilegedUser('ingest', database.location, inbox);
    expect(outcome.unmovable).toEqual([{ file: '2011-03.csv', loadId: 1, newLines: 17, reason: expect.stringMatching(/^loaded as load 1, but could not be moved to .*loaded: EACCES/) }]);
    expect(existsSync(join(inbox, '2011-03.csv'))).toBe(true);
    expect(await count('SELECT count(*)::int AS n FROM load_run')).toBe(1);
    const [source] = (await collectQuality(database.db, '2011-03-10T00:00:00')).ingest;
    expect(source!.needsAttention).toEqual([expect.stringMatching(/^2011-03\.csv: loaded as load 1, but could not be moved/)]);
    expect(source!.lastNewLinesAt).not.toBeNull();
  });

  it('forgets the sources the schedules file no longer names or has switched off', async () => {
    const log = createLogger('silent');
    for (const source of [`folder ${inbox}`, 'folder /old/inbox', 'table etl.retail']) {
      await recordIngestLook(database.db, log, source, { startedAt: new Date(), addedLines: false, needsAttention: [] });
    }
    await forgetOtherIngestSources(database.db, folderConfig(inbox), undefined);
    expect((await collectQuality(database.db, '2011-03-10T00:00:00')).ingest.map((s) => s.source)).toEqual([`folder ${inbox}`]);
    await forgetOtherIngestSources(database.db, { ...folderConfig(inbox), enabled: false }, undefined);
    expect((await collectQuality(database.db, '2011-03-10T00:00:00')).ingest).toEqual([]);
  });

  it('names a dropped file the worker may not read as needing attention, until a run reads it', async () => {
    const locked = drop('a-locked.csv', readFixture('hand-computed.csv'));
    chmodSync(locked, 0o000);
    chmodSync(inbox, 0o777);
    await asUnprivilegedUser('ingest', database.location, inbox);
    const [held] = (await collectQuality(database.db, '2011-03-10T00:00:00')).ingest;
    expect(held!.needsAttention).toEqual([expect.stringMatching(/^a-locked\.csv: EACCES: permission denied/)]);
    expect(held!.lastNewLinesAt).toBeNull();

    chmodSync(locked, 0o644);
    await asUnprivilegedUser('ingest', database.location, inbox);
    const [read] = (await collectQuality(database.db, '2011-03-10T00:00:00')).ingest;
    expect(read!.needsAttention).toEqual([]);
    expect(read!.lastNewLinesAt).not.toBeNull();
  });

  it('shows why a run failed until a later run finishes', async () => {
    const missing = join(inbox, 'not-made-yet');
    await expect(runIngest(ingestServices(), folderConfig(missing))).rejects.toThrow('does not exist');
    const [failed] = (await collectQuality(database.db, '2011-03-10T00:00:00')).ingest;
    expect(failed).toMatchObject({ source: `folder ${missing}`, lastLookAt: null, failure: { reason: expect.stringContaining(`ingest folder ${missing} does not exist`) } });

    mkdirSync(missing);
    await runIngest(ingestServices(), folderConfig(missing));
    const [recovered] = (await collectQuality(database.db, '2011-03-10T00:00:00')).ingest;
    expect(recovered!.failure).toBeNull();
    expect(recovered!.lastLookAt).not.toBeNull();
  });
});

/** The sample three times over with shifted invoice numbers: ~132,000 lines, a few seconds to load. */
function bigExport(): string {
  const [header, ...lines] = gunzipSync(readFileSync(SAMPLE)).toString('utf8').trimEnd().split('\n');
  const out = [header];
  for (let copy = 0; copy < 3; copy++) {
    for (const line of lines) out.push(copy === 0 ? line : line.replace(/^(C?)(\d)/, `$1${copy}$2`));
  }
  return out.join('\n') + '\n';
}

/** `lgs worker` as a process of its own, on the test's database, queue and schedules file. */
function spawnWorker(environment: ReturnType<typeof workerEnvironment>): ChildProcess {
  return spawn(process.execPath, [CLI, 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: database.location,
      LGS_HOME: environment.LGS_HOME,
      LGS_QUEUE: environment.LGS_QUEUE,
      LGS_SCHEDULES: environment.LGS_SCHEDULES,
      LGS_JOB_LOCK_MS: String(environment.LGS_JOB_LOCK_MS),
      LGS_INGEST_SETTLE_MS: String(environment.LGS_INGEST_SETTLE_MS),
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
}

/** A weekly report of the week of 2011-03-07 run by hand, and the inbox as the ingest source (never on its cron). */
const weeklyReportAndIngest = () => `
schedules:
  - name: weekly-marketing
    report: weekly
    cron: "0 0 1 1 *"
    asOf: "2011-03-09"
    recipients: { to: [marketing@lgs.example] }
    owner: admin@lgs.example
ingest:
  folder: ${inbox}
  cron: "0 0 1 1 *"
`;

describe('ingest in the worker', () => {
  let running: RunningWorker | undefined;
  afterEach(async () => {
    await stopWorker(running);
    running = undefined;
  });

  it('ingests the drop folder before a report that runs on the same queue', async () => {
    const environment = workerEnvironment({ DATABASE_URL: database.location, LGS_INGEST_SETTLE_MS: '0' });
    writeSchedules(environment, weeklyReportAndIngest());
    running = await startWorker(environment, createLogger('silent'));
    drop('2011-03.csv', readFixture('hand-computed.csv'));
    await running.queue.add(REPORT_JOB_NAME, { schedule: 'weekly-marketing', manual: true, requestedAt: Date.now() });
    await waitUntil(async () => (await count("SELECT count(*)::int AS n FROM report_run WHERE status IN ('sent', 'produced')")) === 1, 90_000, 'the report');
    const [order] = await database.db.query<{ loaded_first: boolean }>(
      'SELECT (SELECT loaded_at FROM load_run) < (SELECT started_at FROM report_run) AS loaded_first',
    );
    expect(order).toEqual({ loaded_first: true });
    expect(readdirSync(join(inbox, 'loaded'))).toContain('2011-03.csv');
  }, 120_000);

  it('goes on with a report when another process has held the ingest lock for longer than LGS_DB_LOCK_TIMEOUT_MS', async () => {
    const environment = workerEnvironment({ DATABASE_URL: database.location, LGS_INGEST_SETTLE_MS: '0', LGS_DB_LOCK_TIMEOUT_MS: '1000' });
    writeSchedules(environment, weeklyReportAndIngest());
    // March is in; April arrives while the lock is held.
    drop('2011-03.csv', readFixture('hand-computed.csv'));
    await ingestDropFolder(database.db, inbox, { settleMs: 0, sleep: noWait });
    drop('2011-04.csv', readFixture('hand-computed.csv').replaceAll('500001', '600001'));
    // As an operator's `lgs ingest` suspended with Ctrl-Z holds it: its session open, the lock never let go.
    let letGo = () => undefined as void;
    const held = database.db.withLock(INGEST_LOCK, () => new Promise<void>((resolve) => (letGo = resolve)));
    try {
      await waitUntil(() => database.db.isLocked(INGEST_LOCK), 10_000, 'the lock to be held');
      running = await startWorker(environment, createLogger('silent'));
      await running.queue.add(REPORT_JOB_NAME, { schedule: 'weekly-marketing', manual: true, requestedAt: Date.now() });
      await waitUntil(async () => (await count("SELECT count(*)::int AS n FROM report_run WHERE status IN ('sent', 'produced')")) === 1, 90_000, 'the report');
      expect(await database.db.isLocked(INGEST_LOCK)).toBe(true);
      expect(existsSync(join(inbox, '2011-04.csv'))).toBe(true);
    } finally {
      letGo();
      await held;
    }
  }, 120_000);

  it('loads a file exactly once when its worker is killed (SIGKILL) in the middle of loading it', async () => {
    const environment = workerEnvironment({ DATABASE_URL: database.location, LGS_INGEST_SETTLE_MS: '100' });
    writeSchedules(environment, `schedules: []\ningest:\n  folder: ${inbox}\n  cron: "* * * * * *"\n`);
    const file = drop('big-export.csv', bigExport());
    const sha = await fileSha256(file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').length - 1;
    const child = spawnWorker(environment);
    try {
      // Mid-load: the worker's COPY of the file's lines is running on the server.
      await waitUntil(async () => (await count("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%COPY invoice_line (%' AND state <> 'idle' AND pid <> pg_backend_pid() AND datname = current_database()")) > 0, 60_000, 'the COPY to start');
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.on('exit', resolve));
    // Claimed when its load began: the next run takes it first.
    expect(existsSync(join(inbox, '.processing', 'big-export.csv'))).toBe(true);
    expect(await count('SELECT count(*)::int AS n FROM load_run')).toBe(0);

    running = await startWorker(environment, createLogger('silent'));
    await waitUntil(() => existsSync(join(inbox, 'loaded', 'big-export.csv')), 120_000, 'the file to be loaded');
    // Later ingests (every second) find nothing new.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await count(`SELECT count(*)::int AS n FROM load_run WHERE file_sha256 = '${sha}'`)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM load_run')).toBe(1);
    expect(await count('SELECT lines_read AS n FROM load_run')).toBe(lines);
    expect(await count('SELECT sum(copies)::int AS n FROM invoice_line')).toBe(lines);
    expect(readdirSync(inbox).sort()).toEqual(['.processing', 'loaded', 'rejected']);
    expect(readdirSync(join(inbox, '.processing'))).toEqual([]);
  }, 300_000);

  it('refreshes the scores a worker killed (SIGKILL) after the load committed left behind', async () => {
    const environment = workerEnvironment({ DATABASE_URL: database.location, LGS_INGEST_SETTLE_MS: '0' });
    writeSchedules(environment, `schedules: []\ningest:\n  folder: ${inbox}\n  cron: "* * * * * *"\n`);
    drop('big-export.csv', bigExport());
    const child = spawnWorker(environment);
    try {
      await waitUntil(async () => (await count('SELECT count(*)::int AS n FROM load_run')) === 1, 120_000, 'the load to commit');
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.on('exit', resolve));
    // Killed while scoring: the lines are in, the scores are not.
    expect(await count('SELECT count(*)::int AS n FROM score_refresh')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM recommendation_run')).toBe(0);

    // The file is loaded already (or found so by its sha256): the next ingest adds nothing, and scores anyway.
    running = await startWorker(environment, createLogger('silent'));
    await waitUntil(async () => (await count('SELECT count(*)::int AS n FROM score_refresh WHERE load_id = 1')) === 1, 120_000, 'the scores');
    const [asOf] = await database.db.query<{ as_of: string }>("SELECT to_char(max(invoice_date)::date + 1, 'YYYY-MM-DD') AS as_of FROM invoice_line");
    expect(await count(`SELECT count(*)::int AS n FROM prediction_run WHERE as_of = '${asOf!.as_of}'`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM recommendation_run WHERE as_of = '${asOf!.as_of}'`)).toBe(1);
    expect(await count(`SELECT rfm_scoring_current('${asOf!.as_of}')::int AS n`)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM load_run')).toBe(1);
  }, 300_000);

  it('refreshes scores the ingest left behind once LGS_SCORE_REFRESH_MINUTES have passed, by a job of the reconciler, though the source now fails', async () => {
    const environment = workerEnvironment({ DATABASE_URL: database.location, LGS_INGEST_SETTLE_MS: '0', LGS_RECONCILE_MS: '500' });
    // The ingest's cron fires once a year: only the reconciler's job can refresh the scores here.
    writeSchedules(environment, `schedules: []\ningest:\n  folder: ${inbox}\n  cron: "0 0 1 1 *"\n`);
    const services = { db: database.db, log: createLogger('silent'), environment };
    const config = ingestSchema.parse({ folder: inbox, cron: '0 0 1 1 *' });
    drop('a-2011-03.csv', readFixture('hand-computed.csv'));
    await runIngest(services, config); // refreshed: the first time
    drop('b-2011-03.csv', readFixture('hand-computed.csv').replaceAll('500001', '600001'));
    await runIngest(services, config); // put off: the last refresh is a moment old
    expect(await count('SELECT load_id AS n FROM score_refresh')).toBe(1);
    await database.db.query("UPDATE score_refresh SET refreshed_at = refreshed_at - interval '61 minutes'");
    // And the source now fails (its folder gone): that must not keep the scores behind.
    rmSync(inbox, { recursive: true, force: true });
    running = await startWorker(environment, createLogger('silent'));
    const { queue } = running;
    await waitUntil(async () => (await count('SELECT load_id AS n FROM score_refresh')) === 2, 120_000, 'the scores to be refreshed');
    // The job records the refresh as its last step; BullMQ marks it completed a moment later.
    await waitUntil(async () => (await queue.getCompletedCount()) > 0, 30_000, 'the refresh job to complete');
    expect((await queue.getJobs(['completed'])).map((job) => job.name)).toEqual(['refresh-scores']);
  }, 180_000);
});
