import { describe, expect, it } from 'vitest';
import { formatChange, formatCount, formatDecimal, formatMoney, formatPercent, formatPoints, formatWholeMoney } from '../../../src/text/number-format.js';
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

  it('writes a change of a rate in percentage points, with its sign', () => {
    // A cancellation rate of 2.1 % against 1.8 %: up 0.3 points.
    expect(formatPoints(0.003)).toBe('+0.3 pp');
    expect(formatPoints(-0.012)).toBe('−1.2 pp');
    expect(formatPoints(0)).toBe('±0.0 pp');
  });

  it('writes sums in sentences in whole pounds', () => {
    expect(formatWholeMoney(4168812.4)).toBe('£4,168,812');
    expect(formatWholeMoney(-1234.5)).toBe('-£1,235');
  });

  it('writes a dash for a missing value', () => {
    for (const format of [formatMoney, formatCount, formatDecimal, formatPercent, formatChange, formatPoints, formatWholeMoney]) expect(format(null)).toBe('—');
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

  it('aligns a column of changes in percentage points as numbers', () => {
    expect(textTable(['KPI', 'Change'], [['Orders', '+2.5%'], ['Cancellation rate', '+19.6 pp']])).toBe(
      ['KPI                  Change', '-----------------  --------', 'Orders                +2.5%', 'Cancellation rate  +19.6 pp'].join('\n'),
    );
  });

  it('pads a row without its last cells as empty cells', () => {
    expect(textTable(['Stock code', 'Note'], [['85123A', 'best seller'], ['POST']])).toBe(
      ['Stock code  Note', '----------  -----------', '85123A      best seller', 'POST'].join('\n'),
    );
  });

  it('treats text that only starts or only ends like a number as text', () => {
    expect(textTable(['Pack'], [['SET OF 3'], ['PACK OF 12']])).toBe(['Pack', '----------', 'SET OF 3', 'PACK OF 12'].join('\n'));
    expect(textTable(['Item'], [['3 STRIPEY MICE'], ['60 CAKE CASES']])).toBe(['Item', '--------------', '3 STRIPEY MICE', '60 CAKE CASES'].join('\n'));
  });

  it('treats a dash as a missing number only on its own', () => {
    expect(textTable(['Note'], [['—'], ['— new']])).toBe(['Note', '-----', '—', '— new'].join('\n'));
    expect(textTable(['Note'], [['—'], ['new —']])).toBe(['Note', '-----', '—', 'new —'].join('\n'));
  });

  it('treats signs, pounds (negative ones too, as formatMoney writes them), decimals and percentages as numbers', () => {
    expect(textTable(['A'], [['+3.9%'], ['-£1,000.5']])).toBe(['        A', '---------', '    +3.9%', '-£1,000.5'].join('\n'));
  });
});
