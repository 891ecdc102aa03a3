import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadFile } from '../../src/warehouse/load.js';
import { runCli } from '../support/cli.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { fixturePath, writeTempFile } from '../support/fixtures.js';

/** A CSV saved by Excel in Windows-1252 loads with its £, é, € and ’ intact, and the summary says how it was read. */
const WINDOWS_1252 = fixturePath('windows-1252.csv');
const EXPECTED_DESCRIPTIONS = ['CAFÉ AU LAIT BOWL', 'GIFT VOUCHER £10', 'CRÈME BRÛLÉE DISH', 'MUM’S €5 TEA TIN'];

let database: TestDatabase;
beforeAll(async () => {
  database = await freshPostgres();
});
beforeEach(async () => {
  await database.db.query('TRUNCATE invoice_line, load_run CASCADE');
});
afterAll(() => database?.dispose());

const descriptions = async () =>
  (await database.db.query<{ description: string }>('SELECT description FROM invoice_line ORDER BY source_line')).map((row) => row.description);

describe('loading a Windows-1252 file', () => {
  it('detects that it is not UTF-8 and reads £ and é as they were written', async () => {
    const summary = await loadFile(database.db, WINDOWS_1252);
    expect(summary.decoding).toEqual({ encoding: 'windows-1252', detected: true, replacedCharacters: 0 });
    expect(summary.linesLoaded).toBe(4);
    expect(await descriptions()).toEqual(EXPECTED_DESCRIPTIONS);
  });

  it('does the same for the file gzipped', async () => {
    const summary = await loadFile(database.db, writeTempFile('windows-1252.csv.gz', gzipSync(readFileSync(WINDOWS_1252))));
    expect(summary.decoding?.encoding).toBe('windows-1252');
    expect(await descriptions()).toEqual(EXPECTED_DESCRIPTIONS);
  });

  it('honours --encoding utf-8 and counts every character it had to replace', async () => {
    const summary = await loadFile(database.db, WINDOWS_1252, { encoding: 'utf-8' });
    // É, £, È, Û, É, ’, € : seven single bytes that are not UTF-8.
    expect(summary.decoding).toEqual({ encoding: 'utf-8', detected: false, replacedCharacters: 7 });
    expect((await descriptions())[1]).toBe('GIFT VOUCHER \uFFFD10');
  });

  it('says which encoding it used in what `lgs load` prints', async () => {
    const result = await runCli(['load', WINDOWS_1252], { DATABASE_URL: database.location });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('  encoding: windows-1252 (detected: the file is not valid UTF-8); no characters replaced');
  });

  it('refuses an encoding it does not know, naming the option', async () => {
    const result = await runCli(['load', '--encoding', 'klingon', WINDOWS_1252], { DATABASE_URL: database.location });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--encoding klingon: not an encoding this program knows');
  });
});

describe('loading a UTF-8 file', () => {
  it('reads it as UTF-8 and reports no replacement', async () => {
    const utf8 = writeTempFile('utf8.csv', readFileSync(WINDOWS_1252, 'latin1').replace('\x80', '€').replace('\x92', '’'));
    const summary = await loadFile(database.db, utf8);
    expect(summary.decoding).toEqual({ encoding: 'utf-8', detected: true, replacedCharacters: 0 });
    expect(await descriptions()).toEqual(EXPECTED_DESCRIPTIONS);
  });

  it('stays UTF-8 when one byte is damaged, and counts that one replacement', async () => {
    const text = Buffer.from('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n' +
      '600101,22001,CAFÉ AU LAIT BOWL,2,2011-05-02 10:00:00,2.95,301.0,France\n' +
      '600101,22002,GIFT VOUCHER £10,1,2011-05-02 10:00:00,10,301.0,France\n', 'utf8');
    const damaged = Buffer.concat([text, Buffer.from('600102,22003,CR\xC8ME DISH,4,2011-05-03 09:30:00,1.65,302.0,France\n', 'latin1')]);
    const summary = await loadFile(database.db, writeTempFile('damaged.csv', damaged));
    expect(summary.decoding).toEqual({ encoding: 'utf-8', detected: true, replacedCharacters: 1 });
    expect(await descriptions()).toEqual(['CAFÉ AU LAIT BOWL', 'GIFT VOUCHER £10', 'CR\uFFFDME DISH']);
  });
});
