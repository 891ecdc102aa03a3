import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/embedded.js';
import { EmbeddedDatabaseInUseError } from '../../src/errors.js';
import { runCli, startCli, type CliProcess } from '../support/cli.js';
import { HAND_COMPUTED, SAMPLE } from '../support/fixtures.js';

/**
 * The embedded database (PGlite, no DATABASE_URL) belongs to one process at a time: two `lgs` commands
 * writing its folder at once broke it for good. Real `lgs` processes on a fresh LGS_HOME each.
 */
const embedded = (home: string) => ({ DATABASE_URL: undefined, LGS_HOME: home });

interface Quality {
  warehouse: { distinctLines: number; duplicateCopies: number };
  loads: { loadId: number; sourceFile: string; linesRead: number; linesLoaded: number; linesRejected: number }[];
}

async function quality(home: string): Promise<{ code: number; stderr: string; report: Quality | undefined; text: string }> {
  const result = await runCli(['quality', '--json'], embedded(home));
  return { code: result.code, stderr: result.stderr, report: result.code === 0 ? (JSON.parse(result.stdout) as Quality) : undefined, text: result.stdout };
}

const holders: CliProcess[] = [];
const folders: string[] = [];
afterEach(async () => {
  // A test that failed half-way must not leave a stopped load behind.
  for (const { child, exited } of holders.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

function hold(args: string[], home: string): CliProcess {
  const holder = startCli(args, embedded(home));
  holders.push(holder);
  return holder;
}

describe('the embedded database, opened by two lgs processes', () => {
  it('refuses the second at once, naming the folder and the holder; the first finishes and the warehouse is whole', async () => {
    const home = tempFolder('lgs-lock-home-');
    const holder = hold(['load', SAMPLE], home);
    await holder.waitForOutput(/"msg":"load started"/);
    // Stopped while it holds the folder: the second command finds it held however slow this machine is, and
    // a holder whose event loop does not run (as in PGlite's long synchronous queries) still holds it.
    holder.child.kill('SIGSTOP');

    const second = await runCli(['quality', '--json'], embedded(home));

    holder.child.kill('SIGCONT');
    expect(second).toEqual({
      code: 1,
      stdout: '',
      stderr: `lgs: the embedded database in ${join(home, 'pglite')} is in use by another lgs process (pid ${holder.child.pid}); wait for it to finish, or use a PostgreSQL server (DATABASE_URL) for concurrent work\n`,
    });
    expect(await holder.exited).toEqual({ code: 0, signal: null });
    const after = await quality(home);
    expect(after.code).toBe(0);
    // The sample has 44,001 lines: a header and 44,000 invoice lines, every one loaded once.
    expect(after.report!.loads).toEqual([expect.objectContaining({ loadId: 1, sourceFile: 'online_retail_II_sample.csv.gz', linesRead: 44_000, linesLoaded: 44_000, linesRejected: 0 })]);
    expect(after.report!.warehouse.distinctLines + after.report!.warehouse.duplicateCopies).toBe(44_000);
  }, 120_000);

  it('lets the next command in at once when the holder was killed (SIGKILL) mid-load, with the warehouse as before that load', async () => {
    const home = tempFolder('lgs-lock-home-');
    expect((await runCli(['load', HAND_COMPUTED], embedded(home))).code).toBe(0);
    const before = await quality(home);
    // hand-computed.csv: 18 lines, one of them an exact copy of another.
    expect(before.report!.warehouse).toMatchObject({ distinctLines: 17, duplicateCopies: 1 });

    const holder = hold(['load', SAMPLE], home);
    // Every line is copied in; the load's transaction goes on (merge, derived tables) before it commits.
    await holder.waitForOutput(/"msg":"load: done 44,000 lines read"/);
    holder.child.kill('SIGKILL');
    expect(await holder.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(holder.output.stderr).not.toMatch(/"msg":"load finished"/);

    const next = await quality(home);
    expect({ code: next.code, stderr: next.stderr }).toEqual({ code: 0, stderr: '' });
    expect(next.text).toBe(before.text);
  }, 120_000);
});

describe('the embedded database, opened again in one process', () => {
  it('opens again once it was closed', async () => {
    const folder = tempFolder('lgs-lock-pglite-');
    const first = await openEmbedded(folder);
    await first.exec('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    await first.close();
    const again = await openEmbedded(folder);
    try {
      expect(await again.query('SELECT n FROM kept')).toEqual([{ n: 7 }]);
    } finally {
      await again.close();
    }
  });

  it('is refused while it is still open here', async () => {
    const folder = tempFolder('lgs-lock-pglite-');
    const open = await openEmbedded(folder);
    try {
      const second = openEmbedded(folder);
      await expect(second).rejects.toBeInstanceOf(EmbeddedDatabaseInUseError);
      await expect(second).rejects.toThrow(`the embedded database in ${folder} is already open in this process (pid ${process.pid}); close it before opening it again`);
    } finally {
      await open.close();
    }
  });

  it('is not held by a lock whose pid now belongs to a process started later', async () => {
    const folder = tempFolder('lgs-lock-pglite-');
    // The test runner's parent runs, but it is not the process that wrote this lock (whose start time was 0).
    writeFileSync(join(folder, 'lgs.lock'), JSON.stringify({ pid: process.ppid, host: hostname(), started: '0' }));
    const db = await openEmbedded(folder);
    try {
      expect(JSON.parse(readFileSync(join(folder, 'lgs.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await db.close();
    }
  });

  it("takes a lock written in another pid namespace on a host of the same name (another container) as held", async () => {
    const folder = tempFolder('lgs-lock-pglite-');
    // Its pid 1 and start time mean nothing here: this process's own pid and start time, even, would.
    writeFileSync(join(folder, 'lgs.lock'), JSON.stringify({ pid: 1, host: hostname(), started: '0', pidNamespace: 'pid:[1]' }));
    await expect(openEmbedded(folder)).rejects.toThrow(`the embedded database in ${folder} is in use by another lgs process (pid 1)`);
  });
});
