import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvLayoutError, LoadError } from '../../src/errors.js';
import { loadFile } from '../../src/warehouse/load.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { HAND_COMPUTED, SAMPLE, readFixture, writeTempFile } from '../support/fixtures.js';

const HEADER = 'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country';
const GOOD_LINE = '600001,20001,TEA CUP,3,2011-05-02 10:00:00,1.25,201.0,United Kingdom';

let database: TestDatabase;
beforeEach(async () => {
  database = await freshPostgres();
});
afterEach(() => database.dispose());

async function countOf(table: string): Promise<number> {
  const [row] = await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
}

describe('lgs load', () => {
  it('rejects malformed lines with their line number and reason, and loads the rest', async () => {
    const file = writeTempFile('bad.csv', [
      HEADER,
      GOOD_LINE,
      '600002,20002,SAUCER,three,2011-05-02 10:00:00,1.25,201.0,United Kingdom',
      '600003,20003,PLATE,1,2011-02-30 10:00:00,1.25,201.0,United Kingdom',
      '600004,20004,BOWL,1,2011-05-02 10:00:00,cheap,201.0,United Kingdom',
      '600005,20005,JUG,1,2011-05-02 10:00:00',
      '600006,20006,SPOON,1,2011-05-02 10:00:00,0.5,20x,United Kingdom',
      '600007,20007,"FORK ""SILVER"" x,1,2011-05-02 10:00:00,0.5,201.0,United Kingdom',
    ].join('\n'));
    const summary = await loadFile(database.db, file);
    expect(summary).toMatchObject({ linesRead: 7, linesLoaded: 1, linesRejected: 6 });
    expect(summary.rejects).toEqual([
      { line: 3, reason: 'Quantity "three" is not a whole number' },
      { line: 4, reason: 'InvoiceDate "2011-02-30 10:00:00" is not a valid date and time' },
      { line: 5, reason: 'Price "cheap" is not a decimal number' },
      { line: 6, reason: 'expected 8 fields, found 5' },
      { line: 7, reason: 'Customer ID "20x" is not a whole number' },
      { line: 8, reason: 'unterminated quoted field' },
    ]);
  });

  it('rejects a line dated before 1900 or in the future on its own, and loads the rest', async () => {
    const file = writeTempFile('dates.csv', [
      HEADER,
      GOOD_LINE,
      '600002,20002,SAUCER,1,0000-01-01 10:00:00,1.25,201.0,United Kingdom',
      '600003,20003,PLATE,1,2101-01-10 10:00:00,1.25,201.0,United Kingdom',
    ].join('\n'));
    const summary = await loadFile(database.db, file);
    expect(summary).toMatchObject({ linesRead: 3, linesLoaded: 1, linesRejected: 2, lastInvoiceDate: '2011-05-02 10:00:00' });
    expect(summary.rejects[0]).toEqual({ line: 3, reason: 'InvoiceDate "0000-01-01 10:00:00" is before 1900' });
    expect(summary.rejects[1]).toMatchObject({ line: 4, reason: expect.stringMatching(/^InvoiceDate "2101-01-10 10:00:00" is in the future/) });
  });

  it('rejects a line holding a NUL character and keeps it, the NUL as ␀ (PostgreSQL stores no NUL in text)', async () => {
    const file = writeTempFile('nul.csv', `${HEADER}\n${GOOD_LINE}\n600002,20002,TEA\u0000POT,3,2011-05-02 10:00:00,1.25,201.0,United Kingdom\n`);
    const summary = await loadFile(database.db, file);
    expect(summary).toMatchObject({ linesRead: 2, linesLoaded: 1, linesRejected: 1, rejects: [{ line: 3, reason: 'a field contains a NUL character' }] });
    const [kept] = await database.db.query<{ raw_record: string }>('SELECT raw_record FROM load_reject');
    expect(kept!.raw_record).toBe('600002,20002,TEA\u2400POT,3,2011-05-02 10:00:00,1.25,201.0,United Kingdom');
  });

  it.each([
    ['Quantity', '600002,20002,TEA,3\u0000,2011-05-02 10:00:00,1.25,201.0,United Kingdom', 'Quantity "3\u2400" is not a whole number'],
    ['Price', '600002,20002,TEA,3,2011-05-02 10:00:00,1.25\u0000,201.0,United Kingdom', 'Price "1.25\u2400" is not a decimal number'],
    ['Customer ID', '600002,20002,TEA,3,2011-05-02 10:00:00,1.25,201\u0000,United Kingdom', 'Customer ID "201\u2400" is not a whole number'],
  ])('rejects and keeps a line with a NUL in its %s, whose reason quotes the field (the NUL as ␀)', async (_field, line, reason) => {
    const summary = await loadFile(database.db, writeTempFile('nul-field.csv', `${HEADER}\n${GOOD_LINE}\n${line}\n`));
    expect(summary).toMatchObject({ linesLoaded: 1, linesRejected: 1 });
    const [kept] = await database.db.query<{ reason: string }>('SELECT reason FROM load_reject');
    expect(kept!.reason).toBe(reason);
  });

  it('sums up its first rejects in line order, quoted or not, however far into the file', async () => {
    // Past the first chunk (1 MB), a chunk's quoted lines are parsed after its plain ones.
    const sample = gunzipSync(readFileSync(SAMPLE)).toString('utf8').trimEnd().split('\n').slice(1, 25_001);
    const lines = [HEADER, ...sample];
    for (let i = 0; i < 3; i++) {
      lines.push('600010,20010,"QUOTED, BAD",one,2011-05-02 10:00:00,1.25,201.0,United Kingdom');
      lines.push('600011,20011,PLAIN BAD,two,2011-05-02 10:00:00,1.25,201.0,United Kingdom');
    }
    const summary = await loadFile(database.db, writeTempFile('mixed-rejects.csv', lines.join('\n')));
    expect(summary.rejects.map((reject) => reject.line)).toEqual([25_002, 25_003, 25_004, 25_005, 25_006, 25_007]);
  });

  it('keeps the later copies of a bad record an earlier load rejected once, forgetting the first in line order', async () => {
    const bad = '600002,20002,SAUCER,three,2011-05-02 10:00:00,1.25,201.0,United Kingdom';
    await loadFile(database.db, writeTempFile('once.csv', `${HEADER}\n${bad}\n`));
    const twice = await loadFile(database.db, writeTempFile('twice.csv', `${HEADER}\n${GOOD_LINE}\n${bad}\n${GOOD_LINE}\n${bad}\n`));
    expect(twice).toMatchObject({ rejectedBefore: 1, linesRejected: 1, rejects: [{ line: 5, reason: 'Quantity "three" is not a whole number' }] });
  });

  it('counts a bad line once when a re-export holds it again', async () => {
    const bad = '600002,20002,SAUCER,three,2011-05-02 10:00:00,1.25,201.0,United Kingdom';
    await loadFile(database.db, writeTempFile('may.csv', `${HEADER}\n${GOOD_LINE}\n${bad}\n`));
    const again = await loadFile(database.db, writeTempFile('may-june.csv', `${HEADER}\n${GOOD_LINE}\n${bad}\n600008,20008,MUG,1,2011-06-01 10:00:00,2,201.0,United Kingdom\n`));
    expect(again).toMatchObject({ linesRead: 2, linesLoaded: 2, linesRejected: 0, rejectedBefore: 1, newLines: 1 });
    expect(await countOf('load_reject')).toBe(1);
  });

  it('counts the copies of a bad line as the file holding it most often does, as for good lines', async () => {
    const bad = '600002,20002,SAUCER,three,2011-05-02 10:00:00,1.25,201.0,United Kingdom';
    await loadFile(database.db, writeTempFile('may.csv', `${HEADER}\n${GOOD_LINE}\n${bad}\n`));
    const again = await loadFile(database.db, writeTempFile('may-again.csv', `${HEADER}\n${GOOD_LINE}\n${bad}\n${bad}\n`));
    expect(again).toMatchObject({ linesRejected: 1, rejectedBefore: 1 });
    expect(await countOf('load_reject')).toBe(2);
  });

  it('leaves the line-hash index in place after a first load', async () => {
    // A first load drops the index for its COPY and builds it again; without it every later load would
    // compare its lines with every held line.
    await loadFile(database.db, HAND_COMPUTED);
    expect(await database.db.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'invoice_line_date_hash'")).toEqual([
      { indexdef: 'CREATE INDEX invoice_line_date_hash ON public.invoice_line USING btree (invoice_date, line_hash)' },
    ]);
  });

  it('keeps every rejected record verbatim in load_reject', async () => {
    const bad = '600002,20002,SAUCER,three,2011-05-02 10:00:00,1.25,201.0,United Kingdom';
    await loadFile(database.db, writeTempFile('bad.csv', `${HEADER}\n${GOOD_LINE}\n${bad}\n`));
    const rows = await database.db.query('SELECT line_number, reason, raw_record FROM load_reject');
    expect(rows).toEqual([{ line_number: 3, reason: 'Quantity "three" is not a whole number', raw_record: bad }]);
  });

  it('records every load with counts that reconcile: loaded + rejected = read', async () => {
    await loadFile(database.db, writeTempFile('bad.csv', `${HEADER}\n${GOOD_LINE}\nnot,a,line\n`));
    const [run] = await database.db.query('SELECT lines_read, lines_loaded, lines_rejected FROM load_run');
    expect(run).toEqual({ lines_read: 2, lines_loaded: 1, lines_rejected: 1 });
  });

  it('counts an exact duplicate line once but keeps its copies countable', async () => {
    const summary = await loadFile(database.db, HAND_COMPUTED);
    expect(summary).toMatchObject({ linesRead: 18, linesLoaded: 18, duplicateCopiesInFile: 1, newLines: 17 });
    const [row] = await database.db.query("SELECT copies FROM invoice_line WHERE invoice = '500001' AND stock_code = '10001'");
    expect(row).toEqual({ copies: 2 });
  });

  it('recognises a file loaded before byte for byte and skips it without reading a line', async () => {
    const first = await loadFile(database.db, HAND_COMPUTED);
    const again = await loadFile(database.db, HAND_COMPUTED);
    expect(again).toMatchObject({ alreadyLoaded: { loadId: first.loadId, sourceFile: 'hand-computed.csv' }, linesRead: 0, newLines: 0 });
    expect(await countOf('load_run')).toBe(1);
  });

  it('adds nothing when the same lines are loaded again from other bytes', async () => {
    await loadFile(database.db, HAND_COMPUTED);
    const crlf = writeTempFile('same-lines.csv', readFixture('hand-computed.csv').replace(/\n/g, '\r\n'));
    const again = await loadFile(database.db, crlf);
    expect(again).toMatchObject({ alreadyLoaded: null, newLines: 0, linesWithMoreCopies: 0, duplicateCopiesInFile: 1 });
    expect(await countOf('invoice_line')).toBe(17);
    expect(await countOf('invoice')).toBe(14);
  });

  it('appends only the new lines of a file that grew', async () => {
    const lines = readFixture('hand-computed.csv').trimEnd().split('\n');
    await loadFile(database.db, writeTempFile('older.csv', lines.slice(0, -3).join('\n')));
    const grown = await loadFile(database.db, HAND_COMPUTED);
    expect(grown.newLines).toBe(3);
    expect(await countOf('invoice_line')).toBe(17);
  });

  it('treats differently written equal values as the same line', async () => {
    await loadFile(database.db, writeTempFile('a.csv', `${HEADER}\n${GOOD_LINE}\n`));
    const respelled = '600001,20001,TEA CUP,3,2011-05-02 10:00,1.250,201,United Kingdom';
    const again = await loadFile(database.db, writeTempFile('b.csv', `${HEADER}\n${respelled}\n`));
    expect(again.newLines).toBe(0);
  });

  it('leaves the warehouse as it was when a line breaks a constraint after the COPY started', async () => {
    await loadFile(database.db, HAND_COMPUTED);
    const before = await database.db.query('SELECT * FROM invoice ORDER BY invoice');
    // A rule the parser does not know about: the database refuses the line, mid-load.
    await database.db.exec("ALTER TABLE invoice_line ADD CONSTRAINT no_forbidden_mugs CHECK (description <> 'FORBIDDEN MUG')");
    const lines = [HEADER];
    for (let i = 0; i < 2000; i++) lines.push(`7${String(i).padStart(5, '0')},30001,FINE MUG,1,2011-06-01 10:00:00,2,301,United Kingdom`);
    lines.push('799999,30002,FORBIDDEN MUG,1,2011-06-01 10:00:00,2,301,United Kingdom');
    await expect(loadFile(database.db, writeTempFile('breaks.csv', lines.join('\n')))).rejects.toThrow(LoadError);
    expect(await database.db.query('SELECT * FROM invoice ORDER BY invoice')).toEqual(before);
    expect(await countOf('invoice_line')).toBe(17);
    expect(await countOf('load_run')).toBe(1);
  });

  it('says the warehouse was not changed when a load fails', async () => {
    await database.db.exec("ALTER TABLE invoice_line ADD CONSTRAINT no_tea CHECK (description <> 'TEA CUP')");
    await expect(loadFile(database.db, writeTempFile('tea.csv', `${HEADER}\n${GOOD_LINE}\n`))).rejects.toThrow(
      /tea\.csv: load failed, nothing was changed in the warehouse: .*no_tea/,
    );
  });

  it('recognises the older Online Retail layout by its header', async () => {
    const old = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
      '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom',
    ].join('\n');
    const summary = await loadFile(database.db, writeTempFile('old.csv', old));
    expect(summary).toMatchObject({ layout: 'online-retail', linesLoaded: 2, newLines: 2 });
    const [invoice] = await database.db.query<{ amount: string }>("SELECT amount::text FROM invoice WHERE invoice = '536365'");
    expect(invoice!.amount).toBe('35.64');
  });

  it('refuses a file whose header matches no known layout, naming the file, line and expected header', async () => {
    const file = writeTempFile('orders.csv', 'order_id,sku,qty\n1,2,3\n');
    const failure = loadFile(database.db, file);
    await expect(failure).rejects.toThrow(CsvLayoutError);
    await expect(failure).rejects.toThrow(/orders\.csv: line 1: unknown CSV header "order_id,sku,qty"; expected "Invoice,StockCode/);
    expect(await countOf('load_run')).toBe(0);
  });

  it('refuses an empty file', async () => {
    await expect(loadFile(database.db, writeTempFile('empty.csv', ''))).rejects.toThrow(/empty\.csv: the file is empty/);
  });

  it('reads gzip-compressed files, recognised by their content', async () => {
    const file = writeTempFile('lines.data', gzipSync(`${HEADER}\n${GOOD_LINE}\n`));
    expect(await loadFile(database.db, file)).toMatchObject({ linesLoaded: 1, newLines: 1 });
  });

  it('loads a description that spans two lines inside quotes, numbering later lines correctly', async () => {
    const file = writeTempFile('multiline.csv', [
      HEADER,
      '600010,20010,"TWO LINE',
      'DESCRIPTION",1,2011-05-02 10:00:00,1,201,United Kingdom',
      '600011,20011,BAD,x,2011-05-02 10:00:00,1,201,United Kingdom',
    ].join('\r\n'));
    const summary = await loadFile(database.db, file);
    expect(summary.rejects).toEqual([{ line: 4, reason: 'Quantity "x" is not a whole number' }]);
    const [row] = await database.db.query("SELECT description, source_line FROM invoice_line WHERE invoice = '600010'");
    expect(row).toEqual({ description: 'TWO LINE\nDESCRIPTION', source_line: 2 });
  });

  // The metric queries read invoices by month: written in time order, a month's orders sit on their own
  // pages instead of on every page of the table. PostgreSQL may still put a short row into the space an
  // earlier page has left (1 of the sample's 2,407 invoices); written in hash order, 1,313 were out of order.
  it('writes the invoices of a first load in time order', async () => {
    await loadFile(database.db, SAMPLE);
    const [row] = await database.db.query<{ invoices: number; out_of_order: number }>(
      `SELECT count(*)::int AS invoices, count(*) FILTER (WHERE invoiced_at < previous)::int AS out_of_order
       FROM (SELECT invoiced_at, lag(invoiced_at) OVER (ORDER BY ctid) AS previous FROM invoice) AS physical`,
    );
    expect(row!.invoices).toBeGreaterThan(1000);
    expect(row!.out_of_order).toBeLessThan(row!.invoices / 100);
  });

  it("brings the planner's statistics up to date after a load that adds more than a fifth of the lines they know of", async () => {
    const known = async () => (await database.db.query<{ relname: string; rows: number }>(
      "SELECT relname, reltuples::int AS rows FROM pg_class WHERE relname IN ('invoice', 'invoice_line') ORDER BY relname",
    )).map((r) => r.rows);
    const held = async () => {
      const [row] = await database.db.query<{ invoices: number; lines: number }>('SELECT (SELECT count(*)::int FROM invoice) AS invoices, (SELECT count(*)::int FROM invoice_line) AS lines');
      return [row!.invoices, row!.lines];
    };
    // A test file first (14 invoices, 17 distinct lines: analysed, as a first load is), then the history.
    await loadFile(database.db, HAND_COMPUTED);
    expect(await known()).toEqual([14, 17]);
    await loadFile(database.db, SAMPLE);
    const [invoices, lines] = await held();
    expect(lines).toBeGreaterThan(40_000);
    expect(await known()).toEqual([invoices, lines]);
  });

  it('loads the committed sample cut from the real data', async () => {
    const summary = await loadFile(database.db, SAMPLE);
    expect(summary).toMatchObject({ layout: 'online-retail-ii', linesRead: 44000, linesRejected: 0 });
    expect(summary.linesLoaded).toBe(summary.newLines + summary.duplicateCopiesInFile);
  });
});
