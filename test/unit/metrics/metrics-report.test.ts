import { describe, expect, it } from 'vitest';
import { kpiChange, shapeCountries, shapeProducts, shapeSegments } from '../../../src/metrics/metrics-report.js';
import type { ProductRow } from '../../../src/queries/metric-queries.js';

describe('kpiChange', () => {
  it('gives the absolute and relative change', () => {
    expect(kpiChange(110, 100)).toEqual({ absolute: 10, relative: 0.1 });
  });

  it('has no relative change from zero', () => {
    expect(kpiChange(5, 0)).toEqual({ absolute: 5, relative: null });
  });

  it('has no change when either week has no value', () => {
    expect(kpiChange(null, 3)).toEqual({ absolute: null, relative: null });
  });
});

describe('shapeSegments', () => {
  it('lists all ten segments best first, empty ones with zeros, and totals exactly', () => {
    const shaped = shapeSegments([
      { segment: 'Hibernating', customers: 2, customer_share: 0.5, monetary: 0.1, monetary_share: 0.25, recency_mean: 300, frequency_mean: 1, monetary_mean: 0.05 },
      { segment: 'Champions', customers: 2, customer_share: 0.5, monetary: 0.2, monetary_share: 0.75, recency_mean: 3, frequency_mean: 9, monetary_mean: 0.1 },
    ]);
    expect(shaped.segments.map((s) => s.segment)[0]).toBe('Champions');
    expect(shaped.segments).toHaveLength(10);
    expect(shaped.segments.find((s) => s.segment === 'At Risk')).toMatchObject({ customers: 0, monetary: 0, recencyMean: null });
    expect(shaped.monetary).toBe(0.3);
    expect(shaped.customers).toBe(4);
  });
});

describe('shapeProducts', () => {
  const row = (stock_code: string, sales_rank: number, quantity_rank: number, cancellation_rank: number | null): ProductRow => ({
    stock_code, description: stock_code, quantity: 1, sales: 1, order_lines: 1, cancellation_lines: cancellation_rank ? 1 : 0,
    cancelled_quantity: 0, quantity_rank, sales_rank, cancellation_rank,
  });

  it('splits ranked rows into three lists in rank order, cut to the list length', () => {
    const lists = shapeProducts([row('A', 2, 1, null), row('B', 1, 3, 1), row('C', 3, 2, 2)], 2);
    expect(lists.topProducts.map((p) => p.stockCode)).toEqual(['B', 'A']);
    expect(lists.productsByQuantity.map((p) => p.stockCode)).toEqual(['A', 'C']);
    expect(lists.mostCancelledProducts.map((p) => p.stockCode)).toEqual(['B', 'C']);
  });
});

describe('shapeCountries', () => {
  it('adds each country’s share of net sales', () => {
    expect(shapeCountries([{ country: 'UK', customers: 1, orders: 1, sales: 75 }, { country: 'FR', customers: 1, orders: 1, sales: 25 }]).map((c) => c.salesShare)).toEqual([0.75, 0.25]);
  });
});
