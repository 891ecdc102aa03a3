import { describe, expect, it } from 'vitest';
import { countryBars, countrySalesChart } from '../../../src/charts/country-sales-chart.js';
import { monthLabel } from '../../../src/charts/month-label.js';
import { monthlyOrdersChart } from '../../../src/charts/monthly-orders-chart.js';
import { monthlySalesChart } from '../../../src/charts/monthly-sales-chart.js';
import { recencyFrequencyGridChart } from '../../../src/charts/recency-frequency-grid-chart.js';
import { segmentDonutChart } from '../../../src/charts/segment-donut-chart.js';
import { topProductsChart } from '../../../src/charts/top-products-chart.js';
import { CHART_CONFIG, COLOURS } from '../../../src/charts/chart-theme.js';
import type { MonthlyMetrics, SegmentMetrics } from '../../../src/metrics/metrics-report.js';

const month = (m: string, sales: number, partial = false): MonthlyMetrics => ({
  month: m, placedOrders: 1900, cancelledOrders: 400, sales, salesGrowth: null, activeCustomers: 950, newCustomers: 300, existingCustomers: 650, partial,
});
const MONTHS = [month('2011-11', 1456145.8), month('2011-12', 432701.06, true)];

// Specs are plain JSON; tests read them as such rather than through vega-lite's union types.
const json = (spec: unknown) => JSON.parse(JSON.stringify(spec));
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const config = json(CHART_CONFIG);
const SEGMENT_COLOURS = ['#1b7837', '#5aae61', '#a6d96a', '#2166ac', '#67a9cf', '#fdb863', '#e08214', '#d6604d', '#b2182b', '#8c8c8c'];

describe('monthLabel', () => {
  it('names a month like "Dec 2009" and says when it is partial', () => {
    expect(monthLabel('2009-12')).toBe('Dec 2009');
    expect(monthLabel('2011-12', true)).toBe('Dec 2011 (partial)');
  });
});

describe('monthlySalesChart', () => {
  // Built inside each test: Stryker only sees code a test runs (a spec built while collecting tests is never mutated).
  const chart = () => json(monthlySalesChart(MONTHS));

  it('labels months in order and marks the partial one', () => {
    const spec = chart();
    expect(spec.data.values.map((v: { month: string }) => v.month)).toEqual(['Nov 2011', 'Dec 2011 (partial)']);
    expect(spec.encoding.x).toMatchObject({ field: 'month', type: 'ordinal', sort: null });
    expect(spec.layer[0].encoding.opacity.condition.test).toBe('datum.partial');
  });

  it('shows sales in pounds and growth in percent on its own axis', () => {
    const spec = chart();
    expect(spec.layer[0].encoding.y.axis.format).toBe('$,.0f');
    expect(spec.config.locale.number.currency).toEqual(['£', '']);
    expect(spec.layer[1].encoding.y.axis).toMatchObject({ format: '+.0%', orient: 'right' });
    expect(spec.resolve.scale.y).toBe('independent');
  });

  it('is written out in full: faded bars for the partial month, a growth line only where there is growth', () => {
    const withGrowth = [{ ...MONTHS[0]!, salesGrowth: 0.039 }, MONTHS[1]!];
    expect(json(monthlySalesChart(withGrowth))).toEqual({
      $schema: SCHEMA,
      config,
      width: 600,
      height: 190,
      data: {
        values: [
          { month: 'Nov 2011', sales: 1456145.8, growth: 0.039, partial: false },
          { month: 'Dec 2011 (partial)', sales: 432701.06, growth: null, partial: true },
        ],
      },
      encoding: { x: { field: 'month', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -45 } } },
      layer: [
        {
          mark: { type: 'bar', color: COLOURS.primary },
          encoding: {
            y: { field: 'sales', type: 'quantitative', title: 'Net sales', axis: { format: '$,.0f', formatType: 'number' } },
            opacity: { condition: { test: 'datum.partial', value: 0.35 }, value: 1 },
          },
        },
        {
          transform: [{ filter: 'datum.growth != null' }],
          mark: { type: 'line', color: COLOURS.secondary, point: { color: COLOURS.secondary, size: 18 }, strokeWidth: 1.5 },
          encoding: { y: { field: 'growth', type: 'quantitative', title: 'Growth on previous month', axis: { format: '+.0%', orient: 'right', grid: false } } },
        },
      ],
      resolve: { scale: { y: 'independent' } },
    });
  });
});

describe('monthlyOrdersChart', () => {
  it('puts placed and cancelled orders side by side per month', () => {
    const spec = json(monthlyOrdersChart(MONTHS));
    expect(spec.data.values).toHaveLength(4);
    expect(spec.encoding.xOffset.field).toBe('series');
    expect(spec.encoding.color.scale.domain).toEqual(['Placed', 'Cancelled']);
  });

  it('is written out in full: bars per month and series, the partial month faded', () => {
    expect(json(monthlyOrdersChart(MONTHS))).toEqual({
      $schema: SCHEMA,
      config,
      width: 600,
      height: 190,
      data: {
        values: [
          { month: 'Nov 2011', series: 'Placed', orders: 1900, partial: false },
          { month: 'Nov 2011', series: 'Cancelled', orders: 400, partial: false },
          { month: 'Dec 2011 (partial)', series: 'Placed', orders: 1900, partial: true },
          { month: 'Dec 2011 (partial)', series: 'Cancelled', orders: 400, partial: true },
        ],
      },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'month', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -45 } },
        xOffset: { field: 'series', sort: ['Placed', 'Cancelled'] },
        y: { field: 'orders', type: 'quantitative', title: 'Orders', axis: { format: ',.0f' } },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['Placed', 'Cancelled'], range: [COLOURS.primary, COLOURS.secondary] } },
        opacity: { condition: { test: 'datum.partial', value: 0.35 }, value: 1 },
      },
    });
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

  it('is written out in full: slices in segment order, the legend on the right listing all ten', () => {
    expect(json(segmentDonutChart([segment('Hibernating', 1528), segment('Champions', 830), segment('New Customers', 0)]))).toEqual({
      $schema: SCHEMA,
      config: { ...config, legend: { ...config.legend, orient: 'right', direction: 'vertical' } },
      width: 140,
      height: 140,
      data: { values: [{ segment: 'Hibernating', customers: 1528, order: 9 }, { segment: 'Champions', customers: 830, order: 0 }] },
      mark: { type: 'arc', innerRadius: 42, outerRadius: 70, stroke: 'white', strokeWidth: 1 },
      encoding: {
        theta: { field: 'customers', type: 'quantitative', stack: true },
        order: { field: 'order', type: 'quantitative' },
        color: {
          field: 'segment',
          type: 'nominal',
          title: null,
          scale: {
            domain: ['Champions', 'Loyal Customers', 'Potential Loyalists', 'New Customers', 'Promising', 'Need Attention', 'About to Sleep', 'At Risk', "Can't Lose", 'Hibernating'],
            range: SEGMENT_COLOURS,
          },
        },
      },
    });
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

  const products = [
    { stockCode: '84077', description: 'WORLD WAR 2 GLIDERS ASSTD DESIGNS', quantity: 53847, sales: 13587.93, orderLines: 485, cancellationLines: 2, cancelledQuantity: 48 },
    { stockCode: 'POST', description: '', quantity: 3120, sales: 77803.96, orderLines: 1119, cancellationLines: 96, cancelledQuantity: 102 },
  ];
  const layout = (title: string, format: string) => ({
    $schema: SCHEMA,
    config,
    width: 370,
    height: { step: 16 },
    mark: { type: 'bar', color: COLOURS.primary },
    encoding: {
      y: { field: 'product', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 220 } },
      x: { field: 'value', type: 'quantitative', title, axis: { format, formatType: 'number' } },
    },
  });

  it('is written out in full for net sales in pounds, a product without description named by its stock code', () => {
    expect(json(topProductsChart(products, 'sales'))).toEqual({
      ...layout('Net sales', '$,.0f'),
      data: { values: [{ product: 'WORLD WAR 2 GLIDERS ASSTD DESIGNS', stockCode: '84077', value: 13587.93 }, { product: 'POST', stockCode: 'POST', value: 77803.96 }] },
    });
  });

  it('is written out in full for net quantity, counted in units', () => {
    expect(json(topProductsChart(products, 'quantity'))).toEqual({
      ...layout('Net quantity', ',.0f'),
      data: { values: [{ product: 'WORLD WAR 2 GLIDERS ASSTD DESIGNS', stockCode: '84077', value: 53847 }, { product: 'POST', stockCode: 'POST', value: 3120 }] },
    });
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

  it('ranks countries by net sales, largest first, ties by name', () => {
    const tied = [
      { country: 'Germany', customers: 92, orders: 437, sales: 212308.59, salesShare: 0.023 },
      { country: 'France', customers: 87, orders: 400, sales: 212308.59, salesShare: 0.023 },
      { country: 'United Kingdom', customers: 3860, orders: 19183, sales: 7747504.59, salesShare: 0.837 },
      { country: 'EIRE', customers: 3, orders: 276, sales: 254317.72, salesShare: 0.027 },
    ];
    expect(countryBars(tied, 3)).toEqual([
      { country: 'United Kingdom', sales: 7747504.59, rank: 0 },
      { country: 'EIRE', sales: 254317.72, rank: 1 },
      { country: 'France', sales: 212308.59, rank: 2 },
      { country: 'Other countries (1)', sales: 212308.59, rank: 3 },
    ]);
  });

  it('is written out in full: the top countries and the rest as bars on a square-root scale in pounds', () => {
    expect(json(countrySalesChart(countries, 3))).toEqual({
      $schema: SCHEMA,
      config,
      width: 450,
      height: { step: 16 },
      data: {
        values: [
          { country: 'United Kingdom', sales: 7747504.59, rank: 0 },
          { country: 'Netherlands', sales: 272740.92, rank: 1 },
          { country: 'EIRE', sales: 254317.72, rank: 2 },
          { country: 'Other countries (1)', sales: 212308.59, rank: 3 },
        ],
      },
      mark: { type: 'bar', color: COLOURS.primary },
      encoding: {
        y: { field: 'country', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null, axis: { labelLimit: 150 } },
        x: { field: 'sales', type: 'quantitative', title: 'Net sales (square-root scale)', scale: { type: 'sqrt' }, axis: { format: '$,.0f', formatType: 'number', tickCount: 5 } },
      },
    });
  });

  it('adds no "other" bar when every country fits', () => {
    expect(countryBars(countries, 10)).toHaveLength(4);
    expect(json(countrySalesChart(countries)).encoding.y.sort).toEqual({ field: 'rank', order: 'ascending' });
  });
});
