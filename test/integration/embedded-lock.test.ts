import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
afterEach(() => {
  // A test that failed half-way must not leave a stopped load behind.
  for (const { child } of holders.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

function hold(args: string[], home: string): CliProcess {
  const holder = startCli(args, embedded(home));
  holders.push(holder);
  return holder;
}

describe('the embedded database, opened by two lgs processes', () => {
  it('refuses the second at once, naming the folder and the holder; the first finishes and the warehouse is whole', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lgs-lock-home-'));
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
    const home = mkdtempSync(join(tmpdir(), 'lgs-lock-home-'));
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
