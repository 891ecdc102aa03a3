import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneArchive } from '../../src/archive/archive-retention.js';
import { FolderArchive } from '../../src/archive/folder-archive.js';
import * as runs from '../../src/queries/run-queries.js';
import { runCli } from '../support/cli.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';

/** `lgs archive prune` on a real archive folder, outbox and run log. */
const DAY = 86_400_000;

let database: TestDatabase;
let home: string;
let archiveFolder: string;
let outbox: string;

beforeAll(async () => {
  database = await freshPostgres();
});
afterAll(() => database?.dispose());

function freshHome() {
  home = mkdtempSync(join(tmpdir(), 'lgs-prune-'));
  archiveFolder = join(home, 'archive');
  outbox = join(home, 'outbox');
}

/** A run of `schedule` for `period`, in `status`, finished `daysAgo` days ago, with `files` archived files. */
async function archivedRun(schedule: string, period: string, status: runs.RunStatus, daysAgo: number, files: string[]) {
  const run = await runs.openRun(database.db, schedule, period, 'weekly', `${period}T00:00:00`, new Date(`${period}T08:00:00Z`));
  const archive = new FolderArchive(archiveFolder);
  for (const [position, fileName] of files.entries()) {
    const key = `${schedule}/${period}/${fileName}`;
    const bytes = Buffer.from(`${schedule} ${period} ${fileName}`);
    await archive.put(key, bytes);
    await runs.addDocument(database.db, run.run_id, position, {
      messageKey: 'weekly', archiveKey: key, fileName, contentType: 'application/pdf', bytes: bytes.length, sha256: '0'.repeat(64), segment: null,
    });
  }
  await runs.setRunSummary(database.db, run.run_id, { kind: 'weekly' });
  await runs.setRunStatus(database.db, run.run_id, status, status === 'failed' ? 'SMTP down' : null);
  await database.db.query(`UPDATE report_run SET finished_at = now() - make_interval(days => $2), started_at = now() - make_interval(days => $2) WHERE run_id = $1`, [run.run_id, daysAgo]);
  return run.run_id;
}

const documentRows = async (runId: number) => (await database.db.query('SELECT archive_key FROM report_document WHERE run_id = $1', [runId])).length;
const fileOf = (key: string) => join(archiveFolder, key);

function oldFile(path: string, content: string, daysAgo: number) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  const when = new Date(Date.now() - daysAgo * DAY);
  utimesSync(path, when, when);
}

describe('lgs archive prune --older-than 30', () => {
  let old: number;
  let recent: number;
  let stillMailing: number;
  let failed: number;
  let output: string;

  beforeAll(async () => {
    await database.db.query('TRUNCATE report_run CASCADE');
    freshHome();
    old = await archivedRun('weekly-marketing', '2011-01-03', 'sent', 100, ['weekly-report_2011-01-03.pdf', 'customers.csv']);
    recent = await archivedRun('weekly-marketing', '2011-11-28', 'sent', 10, ['weekly-report_2011-11-28.pdf']);
    stillMailing = await archivedRun('weekly-marketing', '2011-01-10', 'produced', 100, ['weekly-report_2011-01-10.pdf']);
    failed = await archivedRun('segment-briefs', '2011-01-03', 'failed', 100, ['brief_champions.pdf']);
    oldFile(fileOf('weekly-marketing/2010-12-27/unrecorded.pdf'), 'no row names me', 100);
    oldFile(join(outbox, '2011-01-03T08-00-00-000Z_1_lgs.1.weekly.eml'), 'old message', 100);
    oldFile(join(outbox, '2011-11-28T08-00-00-000Z_1_lgs.2.weekly.eml'), 'recent message', 10);
    const result = await runCli(['archive', 'prune', '--older-than', '30'], { DATABASE_URL: database.location, LGS_HOME: home, LGS_ARCHIVE: archiveFolder });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    output = result.stdout;
  });

  it('removes the files of a run that finished before the keep-period, and their rows', async () => {
    expect(existsSync(fileOf('weekly-marketing/2011-01-03/weekly-report_2011-01-03.pdf'))).toBe(false);
    expect(existsSync(fileOf('weekly-marketing/2011-01-03/customers.csv'))).toBe(false);
    expect(existsSync(fileOf('weekly-marketing/2011-01-03'))).toBe(false);
    expect(await documentRows(old)).toBe(0);
  });

  it('keeps the run itself in the log, marked pruned, so its period is never sent again', async () => {
    const [row] = await database.db.query<{ status: string; pruned: boolean }>('SELECT status, files_pruned_at IS NOT NULL AS pruned FROM report_run WHERE run_id = $1', [old]);
    expect(row).toEqual({ status: 'sent', pruned: true });
  });

  it('keeps recent runs and runs still being mailed, files and rows', async () => {
    expect(readFileSync(fileOf('weekly-marketing/2011-11-28/weekly-report_2011-11-28.pdf'), 'utf8')).toBe('weekly-marketing 2011-11-28 weekly-report_2011-11-28.pdf');
    expect(await documentRows(recent)).toBe(1);
    expect(existsSync(fileOf('weekly-marketing/2011-01-10/weekly-report_2011-01-10.pdf'))).toBe(true);
    expect(await documentRows(stillMailing)).toBe(1);
  });

  it('prunes an old failed run and forgets its summary, so running it again makes its documents afresh', async () => {
    expect(existsSync(fileOf('segment-briefs/2011-01-03/brief_champions.pdf'))).toBe(false);
    const [row] = await database.db.query<{ summary: unknown }>('SELECT summary FROM report_run WHERE run_id = $1', [failed]);
    expect(row!.summary).toBeNull();
  });

  it('removes an old archive file no run recorded, and old outbox messages only', () => {
    expect(existsSync(fileOf('weekly-marketing/2010-12-27/unrecorded.pdf'))).toBe(false);
    expect(existsSync(join(outbox, '2011-01-03T08-00-00-000Z_1_lgs.1.weekly.eml'))).toBe(false);
    expect(existsSync(join(outbox, '2011-11-28T08-00-00-000Z_1_lgs.2.weekly.eml'))).toBe(true);
  });

  it('says what it removed', () => {
    expect(output).toContain('removed the files of 2 run(s): 3 file(s)');
    expect(output).toContain('1 outbox message(s); 1 archive file(s) no run recorded.');
  });
});

describe('pruning, interrupted and refused', () => {
  it('puts back the files of a prune killed before its commit (the rows were kept)', async () => {
    await database.db.query('TRUNCATE report_run CASCADE');
    freshHome();
    const runId = await archivedRun('weekly-marketing', '2011-02-07', 'sent', 10, ['weekly-report_2011-02-07.pdf']);
    // What a prune killed between moving the file aside and committing leaves behind.
    const aside = join(archiveFolder, '.pruning', String(runId));
    mkdirSync(aside, { recursive: true });
    writeFileSync(join(aside, '0'), readFileSync(fileOf('weekly-marketing/2011-02-07/weekly-report_2011-02-07.pdf')));
    await import('node:fs/promises').then((fs) => fs.unlink(fileOf('weekly-marketing/2011-02-07/weekly-report_2011-02-07.pdf')));
    const result = await pruneArchive(database.db, { archiveFolder, outboxFolder: outbox, keepDays: 30 });
    expect(result.restoredFiles).toBe(1);
    expect(readFileSync(fileOf('weekly-marketing/2011-02-07/weekly-report_2011-02-07.pdf'), 'utf8')).toBe('weekly-marketing 2011-02-07 weekly-report_2011-02-07.pdf');
    expect(existsSync(aside)).toBe(false);
    expect(await documentRows(runId)).toBe(1);
  });

  it('changes nothing with --dry-run', async () => {
    await database.db.query('TRUNCATE report_run CASCADE');
    freshHome();
    const runId = await archivedRun('weekly-marketing', '2011-01-03', 'sent', 100, ['weekly-report_2011-01-03.pdf']);
    const result = await runCli(['archive', 'prune', '--older-than', '30', '--dry-run'], { DATABASE_URL: database.location, LGS_HOME: home, LGS_ARCHIVE: archiveFolder });
    expect(result.stdout).toContain('would remove the files of 1 run(s): 1 file(s)');
    expect(existsSync(fileOf('weekly-marketing/2011-01-03/weekly-report_2011-01-03.pdf'))).toBe(true);
    expect(await documentRows(runId)).toBe(1);
  });

  it('refuses to run without a keep-period, naming the setting', async () => {
    freshHome();
    const result = await runCli(['archive', 'prune'], { DATABASE_URL: database.location, LGS_HOME: home, LGS_ARCHIVE_KEEP_DAYS: '' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no keep-period: set LGS_ARCHIVE_KEEP_DAYS or give --older-than <days>');
  });

  it('takes the keep-period from LGS_ARCHIVE_KEEP_DAYS', async () => {
    await database.db.query('TRUNCATE report_run CASCADE');
    freshHome();
    await archivedRun('weekly-marketing', '2011-01-03', 'sent', 100, ['weekly-report_2011-01-03.pdf']);
    const result = await runCli(['archive', 'prune'], { DATABASE_URL: database.location, LGS_HOME: home, LGS_ARCHIVE: archiveFolder, LGS_ARCHIVE_KEEP_DAYS: '90' });
    expect(result.stdout).toContain('Keep-period 90 days');
    expect(existsSync(fileOf('weekly-marketing/2011-01-03/weekly-report_2011-01-03.pdf'))).toBe(false);
  });
});
