import { describe, expect, it } from 'vitest';
import { countryBars, countrySalesChart } from '../../../src/charts/country-sales-chart.js';
import { monthLabel } from '../../../src/charts/month-label.js';
import { monthlyOrdersChart } from '../../../src/charts/monthly-orders-chart.js';
import { monthlySalesChart } from '../../../src/charts/monthly-sales-chart.js';
import { recencyFrequencyGridChart } from '../../../src/charts/recency-frequency-grid-chart.js';
import { segmentDonutChart } from '../../../src/charts/segment-donut-chart.js';
import { topProductsChart } from '../../../src/charts/top-products-chart.js';
import type { MonthlyMetrics, SegmentMetrics } from '../../../src/metrics/metrics-report.js';

const month = (m: string, sales: number, partial = false): MonthlyMetrics => ({
  month: m, placedOrders: 1900, cancelledOrders: 400, sales, salesGrowth: null, activeCustomers: 950, newCustomers: 300, existingCustomers: 650, partial,
});
const MONTHS = [month('2011-11', 1456145.8), month('2011-12', 432701.06, true)];

// Specs are plain JSON; tests read them as such rather than through vega-lite's union types.
const json = (spec: unknown) => JSON.parse(JSON.stringify(spec));

describe('monthLabel', () => {
  it('names a month like "Dec 2009" and says when it is partial', () => {
    expect(monthLabel('2009-12')).toBe('Dec 2009');
    expect(monthLabel('2011-12', true)).toBe('Dec 2011 (partial)');
  });
});

describe('monthlySalesChart', () => {
  const spec = json(monthlySalesChart(MONTHS));

  it('labels months in order and marks the partial one', () => {
    expect(spec.data.values.map((v: { month: string }) => v.month)).toEqual(['Nov 2011', 'Dec 2011 (partial)']);
    expect(spec.encoding.x).toMatchObject({ field: 'month', type: 'ordinal', sort: null });
    expect(spec.layer[0].encoding.opacity.condition.test).toBe('datum.partial');
  });

  it('shows sales in pounds and growth in percent on its own axis', () => {
    expect(spec.layer[0].encoding.y.axis.format).toBe('$,.0f');
    expect(spec.config.locale.number.currency).toEqual(['£', '']);
    expect(spec.layer[1].encoding.y.axis).toMatchObject({ format: '+.0%', orient: 'right' });
    expect(spec.resolve.scale.y).toBe('independent');
  });
});

describe('monthlyOrdersChart', () => {
  it('puts placed and cancelled orders side by side per month', () => {
    const spec = json(monthlyOrdersChart(MONTHS));
    expect(spec.data.values).toHaveLength(4);
    expect(spec.encoding.xOffset.field).toBe('series');
    expect(spec.encoding.color.scale.domain).toEqual(['Placed', 'Cancelled']);
  });
});

describe('segmentDonutChart', () => {
  const segment = (name: SegmentMetrics['segment'], customers: number): SegmentMetrics => ({
    segment: name, customers, customerShare: 0, monetary: 0, monetaryShare: 0, recencyMean: null, frequencyMean: null, monetaryMean: null, action: '',
  });

  it('draws a ring of the segments that have customers, in the stable segment colours', () => {
    const spec = json(segmentDonutChart([segment('Champions', 830), segment('New Customers', 0), segment('Hibernating', 1528)]));
    expect(spec.mark.innerRadius).toBeGreaterThan(0);
    expect(spec.data.values.map((v: { segment: string }) => v.segment)).toEqual(['Champions', 'Hibernating']);
    expect(spec.encoding.color.scale.domain).toHaveLength(10);
  });
});

describe('recencyFrequencyGridChart', () => {
  it('lays out 25 cells with recency 5 on top', () => {
    const cells = Array.from({ length: 25 }, (_, i) => ({ r: Math.floor(i / 5) + 1, f: (i % 5) + 1, customers: i * 10, segment: 'x' }));
    const spec = json(recencyFrequencyGridChart(cells));
    expect(spec.data.values).toHaveLength(25);
    expect(spec.encoding.y.sort).toEqual([5, 4, 3, 2, 1]);
  });
});

describe('topProductsChart', () => {
  it('sorts products by the measure, largest first, in pounds for sales', () => {
    const spec = json(topProductsChart([{ stockCode: '23084', description: 'RABBIT NIGHT LIGHT', quantity: 13669, sales: 32468.63, orderLines: 475, cancellationLines: 4, cancelledQuantity: 20 }], 'sales'));
    expect(spec.encoding.y.sort).toBe('-x');
    expect(spec.encoding.x.axis.format).toBe('$,.0f');
    expect(spec.data.values[0]).toMatchObject({ product: 'RABBIT NIGHT LIGHT', value: 32468.63 });
  });
});

describe('countrySalesChart', () => {
  const countries = [
    { country: 'United Kingdom', customers: 3860, orders: 19183, sales: 7747504.59, salesShare: 0.837 },
    { country: 'Netherlands', customers: 8, orders: 91, sales: 272740.92, salesShare: 0.029 },
    { country: 'EIRE', customers: 3, orders: 276, sales: 254317.72, salesShare: 0.027 },
    { country: 'Germany', customers: 92, orders: 437, sales: 212308.59, salesShare: 0.023 },
  ];

  it('keeps the top countries and sums the rest into one bar, to the penny', () => {
    expect(countryBars(countries, 2)).toEqual([
      { country: 'United Kingdom', sales: 7747504.59, rank: 0 },
      { country: 'Netherlands', sales: 272740.92, rank: 1 },
      { country: 'Other countries (2)', sales: 466626.31, rank: 2 },
    ]);
  });

  it('adds no "other" bar when every country fits', () => {
    expect(countryBars(countries, 10)).toHaveLength(4);
    expect(json(countrySalesChart(countries)).encoding.y.sort).toEqual({ field: 'rank', order: 'ascending' });
  });
});
