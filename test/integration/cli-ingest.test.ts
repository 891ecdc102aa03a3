import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { runCli } from '../support/cli.js';
import { readFixture } from '../support/fixtures.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** `lgs ingest`: one run of the schedules file's `ingest:`, now, as the worker runs it. */
describe('lgs ingest', () => {
  let database: TestDatabase;
  let folder: string;
  let inbox: string;
  let schedules: string;
  const env = () => ({ DATABASE_URL: database.location, LGS_SCHEDULES: schedules, LGS_INGEST_SETTLE_MS: '0' });
  const writeSchedules = (text: string) => writeFileSync(schedules, text);

  beforeEach(async () => {
    database = await freshPostgres();
    folder = mkdtempSync(join(tmpdir(), 'lgs-cli-ingest-'));
    inbox = join(folder, 'inbox');
    schedules = join(folder, 'schedules.yaml');
    mkdirSync(inbox);
  });
  afterEach(async () => {
    await database.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('loads the drop folder\'s new file, moves it to loaded/, says what it did and refreshes the scores', async () => {
    writeSchedules(`schedules: []\ningest: { folder: ${inbox}, cron: "0 6 * * *" }\n`);
    writeFileSync(join(inbox, '2011-03.csv'), readFixture('hand-computed.csv'));
    const result = await runCli(['ingest'], env());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^folder ${inbox}:\n  2011-03\\.csv: load 1, 17 new distinct lines; moved to loaded/\nStored scores \\(RFM, predictions, recommendations\\): refreshed at \\S+, after load 1: up to date\\.\n$`));
    expect(readdirSync(join(inbox, 'loaded')).sort()).toEqual(['2011-03.csv', '2011-03.csv.load.txt']);
    const [source] = await database.db.query<{ source: string }>('SELECT source FROM ingest_source');
    expect(source).toEqual({ source: `folder ${inbox}` });
  });

  it('refreshes the scores after its new lines even when the last refresh is younger than LGS_SCORE_REFRESH_MINUTES', async () => {
    writeSchedules(`schedules: []\ningest: { folder: ${inbox}, cron: "0 6 * * *" }\n`);
    const [header, ...lines] = readFixture('hand-computed.csv').trimEnd().split('\n');
    writeFileSync(join(inbox, 'first.csv'), [header, ...lines.slice(0, 8)].join('\n'));
    await runCli(['ingest'], env());
    writeFileSync(join(inbox, 'second.csv'), [header, ...lines.slice(8)].join('\n'));
    const result = await runCli(['ingest'], { ...env(), LGS_SCORE_REFRESH_MINUTES: '60' });
    expect(result.stdout).toMatch(/refreshed at \S+, after load 2: up to date\.\n$/);
  });

  it('runs a source switched off in the schedules file too, saying the worker does not', async () => {
    writeSchedules(`schedules: []\ningest: { folder: ${inbox}, cron: "0 6 * * *", enabled: false }\n`);
    const result = await runCli(['ingest', '--json'], env());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ingest: { source: 'folder', folder: inbox, loaded: [], rejected: [], waiting: [], unreadable: [], unmovable: [] },
      scores: { refreshedAt: null, refreshedAfterLoad: null, newestDataLoad: null, behind: false },
    });
    const text = await runCli(['ingest'], env());
    expect(text.stdout).toBe(`folder ${inbox}:\n  no new file (switched off in the schedules file: the worker does not run it)\nStored scores: none (no load has added lines).\n`);
  });

  it('ends with 1 when a file of the folder was rejected, after saying which and why', async () => {
    writeSchedules(`schedules: []\ningest: { folder: ${inbox}, cron: "0 6 * * *" }\n`);
    writeFileSync(join(inbox, 'orders.csv'), 'order_id,sku,qty\n1,2,3\n');
    const result = await runCli(['ingest'], env());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  orders.csv: rejected, moved to rejected/ (the reason beside it): ');
    expect(result.stderr).toContain('lgs: 1 file(s) of the drop folder were not loaded');
  });

  it('ends with 1, naming the schedules file, when its table does not exist (a mistake of the file, not of the command line)', async () => {
    writeSchedules('schedules: []\ningest: { table: etl.missing, cron: "0 6 * * *" }\n');
    const result = await runCli(['ingest'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`lgs: ${schedules}: ingest: reading table etl.missing: the table does not exist`);
  });

  it('refuses a schedules file without ingest:, naming it', async () => {
    writeSchedules('schedules: []\n');
    const result = await runCli(['ingest'], env());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${schedules} has no ingest: section`);
    expect(existsSync(join(inbox, 'loaded'))).toBe(false);
  });
});
