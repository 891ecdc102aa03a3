import { describe, expect, it } from 'vitest';
import { csvCell } from '../../../src/text/csv-cell.js';

describe('csvCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', `"'\rCR"`],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
  ])('neutralises text starting like a formula: %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it.each([
    ['United Kingdom', 'United Kingdom'],
    ['Korea, South', '"Korea, South"'],
    ['SET 2 TEA TOWELS I LOVE LONDON', 'SET 2 TEA TOWELS I LOVE LONDON'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('leaves other text as it is, quoting only where RFC 4180 needs it: %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('writes numbers as numbers, negative ones included', () => {
    expect(csvCell(-12.5, { decimals: 2 })).toBe('-12.50');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.91234567, { decimals: 4 })).toBe('0.9123');
    expect(csvCell(0.91234567)).toBe('0.91234567');
  });

  it('writes nothing for a missing value', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
});
