import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter, type CsvRecord } from '../../../src/warehouse/csv-records.js';

function split(...chunks: (string | Buffer)[]): CsvRecord[] {
  const splitter = new CsvRecordSplitter();
  return [...chunks.flatMap((chunk) => splitter.push(Buffer.from(chunk))), ...splitter.end()];
}

/** The plain lines the splitter hands to a visitor, as text, with their line numbers. */
function plainLines(...chunks: Buffer[]): [number, string][] {
  const splitter = new CsvRecordSplitter();
  const seen: [number, string][] = [];
  const visit = (bytes: Buffer, start: number, end: number, line: number) => seen.push([line, bytes.toString('utf8', start, end)]);
  for (const chunk of chunks) splitter.push(chunk, visit);
  splitter.end(visit);
  return seen;
}

describe('CsvRecordSplitter', () => {
  it('splits plain lines on commas, numbering lines from 1', () => {
    expect(split('a,b\nc,d\n').map((r) => [r.line, r.fields])).toEqual([[1, ['a', 'b']], [2, ['c', 'd']]]);
  });

  it('joins a line cut across chunks', () => {
    expect(split('a,b\nc,', 'd\n').map((r) => r.fields)).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('reads the last line without a line break', () => {
    expect(split('a,b\nc,d').map((r) => r.fields)).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('strips the carriage return of CRLF line ends', () => {
    expect(split('a,b\r\nc,d\r\n').map((r) => r.fields)).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('unquotes quoted fields with commas and doubled quotes', () => {
    expect(split('1,"JUMBO BAG, ""VINTAGE""",2\n')[0]!.fields).toEqual(['1', 'JUMBO BAG, "VINTAGE"', '2']);
  });

  it('keeps empty fields, also a trailing one after a quoted field', () => {
    expect(split('a,,"b",\n')[0]!.fields).toEqual(['a', '', 'b', '']);
  });

  it('reads a quoted field that spans lines as one record starting at its first line', () => {
    const [first, second] = split('x,"two\nlines",y\nnext,row\n');
    expect(first).toMatchObject({ line: 1, fields: ['x', 'two\nlines', 'y'], raw: 'x,"two\nlines",y' });
    expect(second).toMatchObject({ line: 3, fields: ['next', 'row'] });
  });

  it('flags a stray quote inside an unquoted field', () => {
    expect(split('a,b"c,d\n')[0]).toMatchObject({ fields: null, problem: 'stray double quote inside a field' });
  });

  it('flags a quote closed before the end of its field', () => {
    expect(split('a,"b"c,d\n')[0]).toMatchObject({ fields: null, problem: 'stray double quote inside a field' });
  });

  it('rejects an unterminated quote on its own line only and reads the lines after it', () => {
    const lines = ['a,"never closed', ...Array.from({ length: 60 }, (_, i) => `row,${i}`)].join('\n');
    const records = split(lines);
    expect(records[0]).toMatchObject({ line: 1, fields: null, problem: 'unterminated quoted field' });
    expect(records).toHaveLength(61);
    expect(records[60]).toMatchObject({ line: 61, fields: ['row', '59'] });
  });

  it('rejects a quote that runs into a later line\'s quoted field on its own line only, and reads the lines between', () => {
    const records = split('1,"RED MUG,10\n2,BLUE MUG,4\n3,"GREEN MUG",6\n');
    expect(records.map((r) => [r.line, r.fields, r.problem])).toEqual([
      [1, null, 'unterminated quoted field'],
      [2, ['2', 'BLUE MUG', '4'], undefined],
      [3, ['3', 'GREEN MUG', '6'], undefined],
    ]);
  });

  it('joins a character cut across chunks in a line', () => {
    const bytes = Buffer.from('a,£1\nb,2\n', 'utf8');
    expect(split(bytes.subarray(0, 3), bytes.subarray(3)).map((r) => r.fields)).toEqual([['a', '£1'], ['b', '2']]);
  });

  it('hands lines without a quote to the visitor as bytes, and returns the quoted ones as records', () => {
    const splitter = new CsvRecordSplitter();
    const seen: string[] = [];
    const records = splitter.push(Buffer.from('a,b\n"c",d\ne,f\r\n'), (bytes, start, end) => seen.push(bytes.toString('utf8', start, end)));
    expect(seen).toEqual(['a,b', 'e,f']);
    expect(records.map((r) => [r.line, r.fields])).toEqual([[2, ['c', 'd']]]);
  });

  it('hands the last line without a line break to the visitor at the end', () => {
    expect(plainLines(Buffer.from('a,b\nc,'), Buffer.from('d'))).toEqual([[1, 'a,b'], [2, 'c,d']]);
  });
});

describe('CsvRecordSplitter on a file cut into chunks anywhere', () => {
  const FILE = Buffer.from(
    'Invoice,StockCode,Description\r\n' +
    '489434,85048,15CM CHRISTMAS GLASS BALL £2\r\n' +
    '489435,22350,"CAT BOWL, ""BIG"""\r\n' +
    '489436,21232,"TWO\r\nLINES"\r\n' +
    'C489437,22041,CRÈME BRÛLÉE 😀\r\n' +
    '489438,21754,LAST LINE WITHOUT A BREAK',
    'utf8',
  );

  /**
   * Every line the splitter gives, plain or as a record, in file order (a chunk's plain lines are visited
   * before its records are returned).
   */
  function readAll(chunks: Buffer[]): string[] {
    const splitter = new CsvRecordSplitter();
    const out: string[] = [];
    const visit = (bytes: Buffer, start: number, end: number, line: number) => out.push(`${line} plain ${bytes.toString('utf8', start, end)}`);
    const keep = (records: CsvRecord[]) => records.forEach((r) => out.push(`${r.line} record ${JSON.stringify(r.fields)}`));
    for (const chunk of chunks) keep(splitter.push(chunk, visit));
    keep(splitter.end(visit));
    return out.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  }

  const whole = readAll([FILE]);

  it('reads the whole file as plain lines and records', () => {
    expect(whole).toEqual([
      '1 plain Invoice,StockCode,Description',
      '2 plain 489434,85048,15CM CHRISTMAS GLASS BALL £2',
      '3 record ["489435","22350","CAT BOWL, \\"BIG\\""]',
      '4 record ["489436","21232","TWO\\nLINES"]',
      '6 plain C489437,22041,CRÈME BRÛLÉE 😀',
      '7 plain 489438,21754,LAST LINE WITHOUT A BREAK',
    ]);
  });

  it.each([1, 2, 3, 5, 7, 16])('gives the same lines in chunks of %i bytes (inside characters, between \\r and \\n)', (size) => {
    const chunks: Buffer[] = [];
    for (let at = 0; at < FILE.length; at += size) chunks.push(FILE.subarray(at, at + size));
    expect(readAll(chunks)).toEqual(whole);
  });
});
