import { describe, expect, it } from 'vitest';
import { SEGMENT_NAMES, SEGMENT_RULES, segmentGrid, segmentOf } from '../../../src/metrics/rfm-segments.js';

describe('RFM segment rules', () => {
  // The table of docs/metrics.md, rows r = 5 (top) .. 1, columns f = 1 .. 5.
  const table: Record<number, string[]> = {
    5: ['New Customers', 'Potential Loyalists', 'Potential Loyalists', 'Champions', 'Champions'],
    4: ['Promising', 'Potential Loyalists', 'Potential Loyalists', 'Loyal Customers', 'Loyal Customers'],
    3: ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal Customers', 'Loyal Customers'],
    2: ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose"],
    1: ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose"],
  };

  it('names the segment of every (r, f) cell as the definition table does', () => {
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(segmentOf(r, f), `r=${r} f=${f}`).toBe(table[r]![f - 1]);
  });

  it('gives every cell exactly one rule', () => {
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        const matching = SEGMENT_RULES.filter((rule) => r >= rule.r[0] && r <= rule.r[1] && f >= rule.f[0] && f <= rule.f[1]);
        expect(matching, `r=${r} f=${f}`).toHaveLength(1);
      }
    }
  });

  it('lays the grid out at (r - 1) * 5 + (f - 1) for the SQL queries', () => {
    const grid = segmentGrid();
    expect(grid).toHaveLength(25);
    expect(grid[(5 - 1) * 5 + (4 - 1)]).toBe('Champions');
    expect(grid[(1 - 1) * 5 + (5 - 1)]).toBe("Can't Lose");
  });

  it('has one rule, with an action, for each of the ten segments', () => {
    expect(SEGMENT_RULES.map((rule) => rule.segment).sort()).toEqual([...SEGMENT_NAMES].sort());
  });

  it('refuses a score outside 1..5', () => {
    expect(() => segmentOf(0, 3)).toThrow(RangeError);
  });
});
