import { describe, expect, it } from 'vitest';
import { groupResponse, uplift } from '../../../src/campaigns/uplift.js';

describe('campaign response arithmetic', () => {
  it('gives conversion and net sales per customer of a group', () => {
    expect(groupResponse({ customers: 3, converted: 2, netSales: 60 })).toEqual({ customers: 3, converted: 2, netSales: 60, conversion: 2 / 3, netSalesPerCustomer: 20 });
    expect(groupResponse({ customers: 0, converted: 0, netSales: 0 })).toMatchObject({ conversion: null, netSalesPerCustomer: null });
  });

  it('gives the uplift in percentage points with the 95% interval ± 1.96·√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂)', () => {
    // 300 of 1,000 contacted converted against 20 of 100 held out: 30% − 20% = 10 pp;
    // √(0.3·0.7/1000 + 0.2·0.8/100) = √0.00181 = 0.042544…; × 1.96 = 8.3387 pp.
    const result = uplift({ customers: 1000, converted: 300, netSales: 0 }, { customers: 100, converted: 20, netSales: 0 })!;
    expect(result.points).toBeCloseTo(10, 10);
    expect(result.low).toBeCloseTo(10 - 8.33866, 4);
    expect(result.high).toBeCloseTo(10 + 8.33866, 4);
    expect(result).toMatchObject({ includesZero: false, reliable: true });
  });

  it('says when the interval includes zero', () => {
    const result = uplift({ customers: 900, converted: 90, netSales: 0 }, { customers: 100, converted: 9, netSales: 0 })!;
    expect(result.points).toBeCloseTo(1, 10);
    expect(result.includesZero).toBe(true);
  });

  it('flags groups too small for the normal approximation (fewer than 5 converted or 5 not converted)', () => {
    expect(uplift({ customers: 69, converted: 8, netSales: 0 }, { customers: 4, converted: 0, netSales: 0 })!.reliable).toBe(false);
  });

  it('has no uplift when a group is empty', () => {
    expect(uplift({ customers: 10, converted: 1, netSales: 0 }, { customers: 0, converted: 0, netSales: 0 })).toBeNull();
  });
});
