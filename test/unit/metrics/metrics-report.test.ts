import { describe, expect, it } from 'vitest';
import { kpiChange, shapeCountries, shapeMonthly, shapeProducts, shapeSegments, shapeWeekly } from '../../../src/metrics/metrics-report.js';
import type { ProductRow, WeeklyKpiRow } from '../../../src/queries/metric-queries.js';

describe('kpiChange', () => {
  it('gives the absolute and relative change', () => {
    expect(kpiChange(110, 100)).toEqual({ absolute: 10, relative: 0.1 });
  });

  it('has no relative change from zero', () => {
    expect(kpiChange(5, 0)).toEqual({ absolute: 5, relative: null });
  });

  it('has no change when either week has no value', () => {
    expect(kpiChange(null, 3)).toEqual({ absolute: null, relative: null });
    expect(kpiChange(3, null)).toEqual({ absolute: null, relative: null });
  });

  it("rounds an amount's absolute change to pence, leaving the relative one as computed", () => {
    // An average order value of £486.27 against £479.37: +£6.90, not 6.899999999999977.
    expect(kpiChange(486.27, 479.37)).toEqual({ absolute: 6.9, relative: (486.27 - 479.37) / 479.37 });
  });

  it("leaves a rate's absolute change unrounded", () => {
    // The real data's cancellation rates at the default as-of: the report week 119/824, the week before 35/377.
    expect(kpiChange(119 / 824, 35 / 377, 'rate')).toEqual({ absolute: 119 / 824 - 35 / 377, relative: (119 / 824 - 35 / 377) / (35 / 377) });
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

describe('shapeSegments, a segment\'s row', () => {
  it('carries its shares and means over', () => {
    const shaped = shapeSegments([
      { segment: 'At Risk', customers: 412, customer_share: 0.0707, monetary: 512345.67, monetary_share: 0.0433, recency_mean: 254.3, frequency_mean: 4.2, monetary_mean: 1243.56 },
    ]);
    expect(shaped.segments[7]).toEqual({
      segment: 'At Risk',
      customers: 412,
      customerShare: 0.0707,
      monetary: 512345.67,
      monetaryShare: 0.0433,
      recencyMean: 254.3,
      frequencyMean: 4.2,
      monetaryMean: 1243.56,
      action: 'Send personalised promotions built on what they used to buy to bring them back, before they are lost.',
    });
    expect(shaped.segments[0]).toEqual({
      segment: 'Champions',
      customers: 0,
      customerShare: 0,
      monetary: 0,
      monetaryShare: 0,
      recencyMean: null,
      frequencyMean: null,
      monetaryMean: null,
      action: 'Reward them: early access to new products, ask for reviews and referrals; they can become promoters.',
    });
  });
});

describe('shapeMonthly', () => {
  it('renames each month\'s columns for the report, keeping their order', () => {
    expect(
      shapeMonthly([
        { month: '2011-11', placed_orders: 2658, cancelled_orders: 407, sales: 1456145.8, sales_growth: 0.1916, active_customers: 1665, new_customers: 324, existing_customers: 1341, partial: false },
        { month: '2011-12', placed_orders: 778, cancelled_orders: 111, sales: 432701.06, sales_growth: null, active_customers: 686, new_customers: 41, existing_customers: 645, partial: true },
      ]),
    ).toEqual([
      { month: '2011-11', placedOrders: 2658, cancelledOrders: 407, sales: 1456145.8, salesGrowth: 0.1916, activeCustomers: 1665, newCustomers: 324, existingCustomers: 1341, partial: false },
      { month: '2011-12', placedOrders: 778, cancelledOrders: 111, sales: 432701.06, salesGrowth: null, activeCustomers: 686, newCustomers: 41, existingCustomers: 645, partial: true },
    ]);
  });
});

describe('shapeWeekly', () => {
  const week = { previousStart: '2011-11-21T00:00:00', start: '2011-11-28T00:00:00', end: '2011-12-05T00:00:00' };
  const current: WeeklyKpiRow = { week: 'current', week_start: '2011-11-28', sales: 318902.86, orders: 656, average_order_value: 486.13, cancellation_rate: 0.125, active_customers: 512, new_customers: 40 };
  const previous: WeeklyKpiRow = { week: 'previous', week_start: '2011-11-21', sales: 306886.92, orders: 640, average_order_value: 479.5, cancellation_rate: 0.1, active_customers: 500, new_customers: 50 };

  it('sets the report week beside the week before, whatever order the rows come in, with the change of each KPI', () => {
    expect(shapeWeekly([previous, current], week)).toEqual({
      weekStart: '2011-11-28',
      weekEnd: '2011-12-05',
      previousWeekStart: '2011-11-21',
      current: { sales: 318902.86, orders: 656, averageOrderValue: 486.13, cancellationRate: 0.125, activeCustomers: 512, newCustomers: 40 },
      previous: { sales: 306886.92, orders: 640, averageOrderValue: 479.5, cancellationRate: 0.1, activeCustomers: 500, newCustomers: 50 },
      change: {
        sales: { absolute: 12015.94, relative: (318902.86 - 306886.92) / 306886.92 },
        orders: { absolute: 16, relative: 0.025 },
        averageOrderValue: { absolute: 6.63, relative: (486.13 - 479.5) / 479.5 },
        cancellationRate: { absolute: 0.125 - 0.1, relative: (0.125 - 0.1) / 0.1 },
        activeCustomers: { absolute: 12, relative: 0.024 },
        newCustomers: { absolute: -10, relative: -0.2 },
      },
    });
  });

  it('counts a week without orders as zeros, with no average order value or cancellation rate', () => {
    const shaped = shapeWeekly([current], week);
    expect(shaped.previous).toEqual({ sales: 0, orders: 0, averageOrderValue: null, cancellationRate: null, activeCustomers: 0, newCustomers: 0 });
    expect(shaped.change.orders).toEqual({ absolute: 656, relative: null });
    expect(shaped.change.averageOrderValue).toEqual({ absolute: null, relative: null });
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

  it('gives no share when the period\'s net sales are nil', () => {
    // A week of one order and its cancellation: 0 net sales, so shares would divide by zero.
    expect(shapeCountries([{ country: 'France', customers: 1, orders: 1, sales: 0 }])).toEqual([{ country: 'France', customers: 1, orders: 1, sales: 0, salesShare: null }]);
  });
});
