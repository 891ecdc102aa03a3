import { gunzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { LoadError } from '../../src/errors.js';
import { loadFile, type LoadOptions } from '../../src/warehouse/load.js';
import { pino } from 'pino';
import type { Logger } from '../../src/log.js';
import { ENGINES, freshEmbedded, freshPostgres, type TestDatabase } from '../support/databases.js';
import { SAMPLE, writeTempFile } from '../support/fixtures.js';
import { openFilesNamed } from '../support/open-files.js';
import { canMountSmallFilesystem, mountSmallFilesystem } from '../support/small-filesystem.js';

/**
 * What a load holds in memory does not grow with its file. A load keeps its line hashes (to find the source's repeated lines) in memory up to a budget and past it in
 * a spill file in TMPDIR, and hands the repeated ones to the database in groups of buckets, so its memory
 * does not grow with the file. The budget is 16 MB (four million lines) and a group a million repeats;
 * these tests set the budget to nothing, the blocks to 16 keys and a group to 500 repeats, so the sample's
 * 44,000 real lines spill and its ~6,000 repeats take several statements.
 */
const SPILL_EVERYTHING = { memoryBytes: 0, blockKeys: 16, perCollapse: 500 };

const [HEADER, ...LINES] = gunzipSync(readFileSync(SAMPLE)).toString('utf8').trimEnd().split('\n') as [string, ...string[]];
/** The sample with its first 5,000 lines repeated at its end: the repeats straddle everything in between. */
const SAMPLE_WITH_REPEATS = writeTempFile('repeats.csv', [HEADER, ...LINES, ...LINES.slice(0, 5000)].join('\n'));
const FIRST_HALF = writeTempFile('first-half.csv', [HEADER, ...LINES.slice(0, 22_000)].join('\n'));
/** Its hashes fit the small disk below (32 KB) once nothing else is on it. */
const FIRST_8000 = writeTempFile('first-8000.csv', [HEADER, ...LINES.slice(0, 8000)].join('\n'));

const LINES_AND_COPIES = 'SELECT invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, copies FROM invoice_line ORDER BY 1, 2, 3, 4, 5, 6, 7, 8';

async function loadedLines(db: Database) {
  return {
    lines: await db.query(LINES_AND_COPIES),
    quality: await db.query('SELECT * FROM warehouse_quality'),
  };
}

async function loadBothWays(files: readonly string[], spilled: LoadOptions['lineHashes']) {
  const outcomes = [];
  for (const lineHashes of [undefined, spilled]) {
    const database = await freshPostgres();
    try {
      const summaries = [];
      for (const file of files) summaries.push(await loadFile(database.db, file, { lineHashes }));
      outcomes.push({ counts: summaries.map(({ newLines, duplicateCopiesInFile, linesWithMoreCopies }) => ({ newLines, duplicateCopiesInFile, linesWithMoreCopies })), ...(await loadedLines(database.db)) });
    } finally {
      await database.dispose();
    }
  }
  return outcomes;
}

describe('line hashes past their memory budget, repeats in groups', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'lgs-spill-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('give a first load the same lines, copies and counts as hashes kept in memory', async () => {
    const [inMemory, spilled] = await loadBothWays([SAMPLE_WITH_REPEATS], { ...SPILL_EVERYTHING, directory: folder });
    expect(spilled!.counts[0]!.duplicateCopiesInFile).toBeGreaterThan(5000);
    expect(spilled).toEqual(inMemory);
  });

  it('give a later load into a warehouse holding lines the same lines, copies and counts', async () => {
    const [inMemory, spilled] = await loadBothWays([FIRST_HALF, SAMPLE_WITH_REPEATS], { ...SPILL_EVERYTHING, directory: folder });
    expect(spilled!.counts[1]!.newLines).toBeGreaterThan(20_000);
    expect(spilled).toEqual(inMemory);
  });

  it('leave no file behind in TMPDIR, nor open', async () => {
    await loadBothWays([SAMPLE_WITH_REPEATS], { ...SPILL_EVERYTHING, directory: folder });
    expect(readdirSync(folder)).toEqual([]);
    expect(openFilesNamed('lgs-spill-')).toEqual([]);
  });

  it('are let go when the load fails in the middle of its COPY', async () => {
    const database = await freshPostgres();
    try {
      // A rule the parser does not know about: the database refuses line 40,000, long after the spill began.
      await database.db.exec('ALTER TABLE invoice_line ADD CONSTRAINT early_lines_only CHECK (source_line < 40000)');
      await expect(loadFile(database.db, SAMPLE_WITH_REPEATS, { lineHashes: { ...SPILL_EVERYTHING, directory: folder } })).rejects.toThrow(LoadError);
      expect(openFilesNamed('lgs-spill-')).toEqual([]);
    } finally {
      await database.dispose();
    }
  });
});

describe.runIf(canMountSmallFilesystem)('line hashes spilled onto a full disk', () => {
  let database: TestDatabase;
  let disk: ReturnType<typeof mountSmallFilesystem>;
  beforeEach(async () => {
    database = await freshPostgres();
    // 64 KB: the sample's 44,000 hashes need 176 KB.
    disk = mountSmallFilesystem(64 * 1024);
  });
  afterEach(async () => {
    disk.unmount();
    await database.dispose();
  });

  it('fail the load naming the folder and the full disk, and leave the warehouse as it was', async () => {
    await loadFile(database.db, FIRST_HALF);
    const before = await loadedLines(database.db);
    const loads = await database.db.query('SELECT load_id FROM load_run');
    const failure = await loadFile(database.db, SAMPLE_WITH_REPEATS, { lineHashes: { ...SPILL_EVERYTHING, directory: disk.path } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoadError);
    expect((failure as LoadError).message).toContain(`repeats.csv: load failed, nothing was changed in the warehouse: the line hashes of a large load go to a file in ${disk.path} (TMPDIR), which could not write to it: ENOSPC`);
    expect(await loadedLines(database.db)).toEqual(before);
    expect(await database.db.query('SELECT load_id FROM load_run')).toEqual(loads);
  });

  it('fail the first load of an empty warehouse the same way, leaving it empty', async () => {
    const failure = await loadFile(database.db, SAMPLE_WITH_REPEATS, { lineHashes: { ...SPILL_EVERYTHING, directory: disk.path } }).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/which could not write to it: ENOSPC/);
    const [row] = await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM invoice_line');
    expect(row!.n).toBe(0);
  });

  it('let the disk go again: once the load has failed its spill file no longer takes space', async () => {
    await loadFile(database.db, SAMPLE_WITH_REPEATS, { lineHashes: { ...SPILL_EVERYTHING, directory: disk.path } }).catch(() => undefined);
    const summary = await loadFile(database.db, FIRST_8000, { lineHashes: { ...SPILL_EVERYTHING, directory: disk.path } });
    expect(summary.newLines).toBeGreaterThan(7000);
  });
});

/** The sample with every price unreadable ("6.95x"): a file the parser rejects line by line. */
const ALL_REJECTED = writeTempFile('all-rejected.csv', [HEADER, ...LINES.slice(0, 5000).map((line) => {
  const fields = line.split(',');
  fields[5] = `"${fields[5]}x"`;
  return fields.join(',');
})].join('\n'));
const SPILL_REJECTS = { memoryBytes: 1024 };

/** A logger that keeps what it is told, to see a spill happen. */
function recordingLogger(): { log: Logger; messages: string[] } {
  const messages: string[] = [];
  const log = pino({ level: 'debug', base: undefined }, { write: (line: string) => messages.push((JSON.parse(line) as { msg: string }).msg) });
  return { log, messages };
}
const REJECTS_SPILLED = 'rejected lines past their memory budget went to a spill file';

describe.each(Object.entries(ENGINES))('rejected lines past their memory budget (%s)', (_engine, open) => {
  let folder: string;
  let database: TestDatabase;
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'lgs-spill-'));
    database = await open();
  });
  afterEach(async () => {
    rmSync(folder, { recursive: true, force: true });
    await database.dispose();
  });

  const rejectsKept = () => database.db.query<{ line_number: number; reason: string; raw_record: string }>('SELECT line_number, reason, raw_record FROM load_reject ORDER BY line_number');

  it('are all kept, verbatim, with the first in line order in the summary', async () => {
    const { log, messages } = recordingLogger();
    const summary = await loadFile(database.db, ALL_REJECTED, { log, rejectedLines: { ...SPILL_REJECTS, directory: folder } });
    expect(messages).toContain(REJECTS_SPILLED);
    expect(summary).toMatchObject({ linesRead: 5000, linesLoaded: 0, linesRejected: 5000 });
    expect(summary.rejects).toHaveLength(20);
    expect(summary.rejects[0]).toEqual({ line: 2, reason: expect.stringMatching(/^Price ".*x" is not a decimal number$/) });
    const kept = await rejectsKept();
    expect(kept).toHaveLength(5000);
    expect(kept.map((reject) => reject.raw_record)).toEqual(readFileSync(ALL_REJECTED, 'utf8').split('\n').slice(1));
    expect(openFilesNamed('lgs-spill-')).toEqual([]);
  });

  it('read again by a later load are counted once, as lines are', async () => {
    await loadFile(database.db, ALL_REJECTED, { rejectedLines: { ...SPILL_REJECTS, directory: folder } });
    const again = await loadFile(database.db, writeTempFile('all-rejected-again.csv', readFileSync(ALL_REJECTED, 'utf8') + '\n'), { rejectedLines: { ...SPILL_REJECTS, directory: folder } });
    expect(again).toMatchObject({ linesRead: 0, linesRejected: 0, rejectedBefore: 5000, rejects: [] });
    expect(await rejectsKept()).toHaveLength(5000);
  });

  it('are let go when the load fails while they are being kept', async () => {
    // 1,999 rejects spill first; the lines' COPY then meets a rule the parser does not know about.
    const lines = [HEADER, ...readFileSync(ALL_REJECTED, 'utf8').split('\n').slice(1, 2000), ...LINES.slice(0, 100)];
    await database.db.exec("ALTER TABLE invoice_line ADD CONSTRAINT no_lines CHECK (false)");
    const failure = loadFile(database.db, writeTempFile('fails-after-rejects.csv', lines.join('\n')), { rejectedLines: { ...SPILL_REJECTS, directory: folder } });
    await expect(failure).rejects.toThrow(LoadError);
    expect(openFilesNamed('lgs-spill-')).toEqual([]);
  });
});

describe('the embedded engine\'s COPY', () => {
  it('goes a batch of rows at a time, to the same lines as one batch', async () => {
    const lines = [];
    for (const batchBytes of [32 << 20, 64 * 1024]) {
      const database = await freshEmbedded({ copyBatchBytes: batchBytes });
      try {
        await loadFile(database.db, FIRST_HALF);
        await loadFile(database.db, SAMPLE_WITH_REPEATS);
        lines.push(await loadedLines(database.db));
      } finally {
        await database.dispose();
      }
    }
    expect(lines[0]!.lines.length).toBeGreaterThan(40_000);
    expect(lines[1]).toEqual(lines[0]);
  });

  it('copies a batch before it reads the rows after it, so a file is never held whole', async () => {
    const database = await freshEmbedded({ copyBatchBytes: 1000 });
    try {
      const seen = await database.db.transaction(async (tx) => {
        await tx.exec('CREATE TEMP TABLE batch_probe (n int) ON COMMIT DROP');
        const copiedBeforeRow: number[] = [];
        async function* rows() {
          for (let n = 0; n < 500; n++) {
            if (n % 100 === 0) copiedBeforeRow.push((await tx.query<{ rows: number }>('SELECT count(*)::int AS rows FROM batch_probe'))[0]!.rows);
            yield Buffer.from(`${n}\n`);
          }
        }
        await tx.copyFrom('COPY batch_probe (n) FROM STDIN', rows());
        return copiedBeforeRow;
      });
      // Rows of 2-4 bytes: a batch every 1,000 bytes or so, so by row 400 three or four batches are in.
      expect(seen[0]).toBe(0);
      expect(seen[4]).toBeGreaterThan(200);
    } finally {
      await database.dispose();
    }
  });
});
