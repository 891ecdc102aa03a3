import { describe, expect, it } from 'vitest';
import { formatChange, formatCount, formatDecimal, formatMoney, formatPercent } from '../../../src/text/number-format.js';
import { textTable } from '../../../src/text/text-table.js';

describe('number formats', () => {
  it('writes money in pounds with pence and thousands separators', () => {
    expect(formatMoney(1456145.8)).toBe('£1,456,145.80');
    expect(formatMoney(-3.9)).toBe('-£3.90');
    expect(formatMoney(0)).toBe('£0.00');
  });

  it('writes counts whole with separators, decimals with one place', () => {
    expect(formatCount(25525)).toBe('25,525');
    expect(formatDecimal(6.55)).toBe('6.6');
    expect(formatDecimal(2)).toBe('2.0');
  });

  it('writes ratios as percentages with one place, and changes with their sign', () => {
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatChange(0.039)).toBe('+3.9%');
    expect(formatChange(-0.75)).toBe('-75.0%');
    expect(formatChange(0)).toBe('0.0%');
  });

  it('writes a dash for a missing value', () => {
    for (const format of [formatMoney, formatCount, formatDecimal, formatPercent, formatChange]) expect(format(null)).toBe('—');
  });
});

describe('textTable', () => {
  it('pads text columns to the left edge and numeric ones to the right, under a rule as wide as each column', () => {
    expect(textTable(['Country', 'Orders', 'Sales'], [['France', '1', '£225.60'], ['United Kingdom', '1,234', '—']])).toBe(
      ['Country         Orders    Sales', '--------------  ------  -------', 'France               1  £225.60', 'United Kingdom   1,234        —'].join('\n'),
    );
  });

  it('treats a column as text when any cell is text, and an empty table\'s columns as text', () => {
    expect(textTable(['Id', 'Note'], [['12', 'x'], ['n/a', '-5%']])).toBe(['Id   Note', '---  ----', '12   x', 'n/a  -5%'].join('\n'));
    expect(textTable(['Load', 'File'], [])).toBe('Load  File\n----  ----');
  });

  it('treats signs, pounds (negative ones too, as formatMoney writes them), decimals and percentages as numbers', () => {
    expect(textTable(['A'], [['+3.9%'], ['-£1,000.5']])).toBe(['        A', '---------', '    +3.9%', '-£1,000.5'].join('\n'));
  });
});
