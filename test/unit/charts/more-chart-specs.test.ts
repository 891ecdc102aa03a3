import { describe, expect, it } from 'vitest';
import { activeCustomersChart } from '../../../src/charts/active-customers-chart.js';
import { CHART_CONFIG, COLOURS } from '../../../src/charts/chart-theme.js';
import { invoiceAmountChart } from '../../../src/charts/invoice-amount-chart.js';
import { newExistingChart } from '../../../src/charts/new-existing-chart.js';
import { segmentProfileChart } from '../../../src/charts/segment-profile-chart.js';
import type { MonthlyMetrics, SegmentMetrics } from '../../../src/metrics/metrics-report.js';

/** The full Vega-Lite spec of each chart, written out: what each chart shows, and how. */
const json = (spec: unknown) => JSON.parse(JSON.stringify(spec));
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const config = json(CHART_CONFIG);

const month = (m: string, active: number, fresh: number, partial = false): MonthlyMetrics => ({
  month: m, placedOrders: 10, cancelledOrders: 1, sales: 100, salesGrowth: null, activeCustomers: active, newCustomers: fresh, existingCustomers: active - fresh, partial,
});
const MONTHS = [month('2011-11', 950, 300), month('2011-12', 400, 50, true)];
const monthAxis = { field: 'month', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -45 } };

describe('activeCustomersChart', () => {
  it('draws active customers per month as a line with points', () => {
    expect(json(activeCustomersChart(MONTHS))).toEqual({
      $schema: SCHEMA,
      config,
      width: 600,
      height: 160,
      data: { values: [{ month: 'Nov 2011', customers: 950, partial: false }, { month: 'Dec 2011 (partial)', customers: 400, partial: true }] },
      mark: { type: 'line', color: COLOURS.primary, point: { color: COLOURS.primary, size: 22 }, strokeWidth: 2 },
      encoding: { x: monthAxis, y: { field: 'customers', type: 'quantitative', title: 'Active customers', axis: { format: ',.0f' } } },
    });
  });
});

describe('newExistingChart', () => {
  it('stacks existing customers below new ones per month, the partial month faded', () => {
    expect(json(newExistingChart(MONTHS))).toEqual({
      $schema: SCHEMA,
      config,
      width: 600,
      height: 170,
      data: {
        values: [
          { month: 'Nov 2011', series: 'Existing', customers: 650, order: 0, partial: false },
          { month: 'Nov 2011', series: 'New', customers: 300, order: 1, partial: false },
          { month: 'Dec 2011 (partial)', series: 'Existing', customers: 350, order: 0, partial: true },
          { month: 'Dec 2011 (partial)', series: 'New', customers: 50, order: 1, partial: true },
        ],
      },
      mark: { type: 'bar' },
      encoding: {
        x: monthAxis,
        y: { field: 'customers', type: 'quantitative', stack: 'zero', title: 'Customers', axis: { format: ',.0f' } },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['Existing', 'New'], range: [COLOURS.muted, COLOURS.accent] } },
        order: { field: 'order', type: 'quantitative' },
        opacity: { condition: { test: 'datum.partial', value: 0.45 }, value: 1 },
      },
    });
  });
});

describe('invoiceAmountChart', () => {
  const bins = [{ start: 0, end: 10, invoices: 4 }, { start: 10, end: 20, invoices: 7 }];
  const quantiles = { min: 1, p25: 5, median: 9, p75: 14, p85: 18, max: 400 };
  const moneyAxis = { format: '$,.0f', formatType: 'number' };

  it('draws the bins up to p85 over a box strip whose whisker stops at p85', () => {
    const scale = { domain: [0, 18] };
    expect(json(invoiceAmountChart(bins, quantiles))).toEqual({
      $schema: SCHEMA,
      config,
      vconcat: [
        {
          width: 600,
          height: 150,
          data: { values: bins },
          mark: { type: 'bar', color: COLOURS.primary, binSpacing: 1 },
          encoding: {
            x: { field: 'start', type: 'quantitative', bin: { binned: true }, title: null, scale, axis: moneyAxis },
            x2: { field: 'end' },
            y: { field: 'invoices', type: 'quantitative', title: 'Orders', axis: { format: ',.0f' } },
          },
        },
        {
          width: 600,
          height: 26,
          data: { values: [{ ...quantiles, whiskerEnd: 18 }] },
          encoding: { y: { value: 13 } },
          layer: [
            {
              mark: { type: 'rule', color: COLOURS.text },
              encoding: { x: { field: 'min', type: 'quantitative', scale, title: 'Order amount (box: 25th–75th percentile, line: median)', axis: moneyAxis }, x2: { field: 'whiskerEnd' } },
            },
            { mark: { type: 'bar', color: COLOURS.muted, height: 14 }, encoding: { x: { field: 'p25', type: 'quantitative', scale }, x2: { field: 'p75' } } },
            { mark: { type: 'tick', color: COLOURS.secondary, thickness: 2.5, size: 18 }, encoding: { x: { field: 'median', type: 'quantitative', scale } } },
          ],
        },
      ],
    });
  });

  it('ends the whisker at the maximum when it is below p85, and scales to the last bin without p85', () => {
    expect(json(invoiceAmountChart(bins, { ...quantiles, max: 12 })).vconcat[1].data.values[0].whiskerEnd).toBe(12);
    const none = json(invoiceAmountChart(bins, { min: null, p25: null, median: null, p75: null, p85: null, max: null }));
    expect(none.vconcat[0].encoding.x.scale).toEqual({ domain: [0, 20] });
    expect(none.vconcat[1].data.values[0].whiskerEnd).toBe(20);
    expect(json(invoiceAmountChart([], { min: null, p25: null, median: null, p75: null, p85: null, max: null })).vconcat[0].encoding.x.scale).toEqual({ domain: [0, 0] });
  });
});

describe('segmentProfileChart', () => {
  const segment = (name: SegmentMetrics['segment'], customers: number, recency: number | null, frequency: number | null, monetary: number | null): SegmentMetrics => ({
    segment: name, customers, customerShare: 0, monetary: 0, monetaryShare: 0, recencyMean: recency, frequencyMean: frequency, monetaryMean: monetary, action: '',
  });
  const atRisk = segment('At Risk', 2, 100, 3, 1500);
  // Weighted by customers: recency (2 × 100 + 6 × 20) / 8 = 40, orders (2 × 3 + 6 × 1) / 8 = 1.5,
  // revenue (2 × 1500 + 6 × 300) / 8 = 600. The empty segment and the missing means count for nothing.
  const all = [atRisk, segment('Champions', 6, 20, 1, 300), segment('Promising', 0, 5, 9, 9000), segment('Hibernating', 3, null, null, null)];

  it('sets the segment\'s mean recency, orders and revenue beside the customer-weighted mean of all', () => {
    expect(json(segmentProfileChart(atRisk, all))).toEqual({
      $schema: SCHEMA,
      config,
      data: {
        values: [
          { measure: 'Days since last order', who: 'At Risk', value: 100, label: '100 days' },
          { measure: 'Days since last order', who: 'All customers', value: 40, label: '40 days' },
          { measure: 'Orders', who: 'At Risk', value: 3, label: '3.0' },
          { measure: 'Orders', who: 'All customers', value: 1.5, label: '1.5' },
          { measure: 'Revenue per customer', who: 'At Risk', value: 1500, label: '£1,500' },
          { measure: 'Revenue per customer', who: 'All customers', value: 600, label: '£600' },
        ],
      },
      facet: { column: { field: 'measure', type: 'nominal', title: null, sort: ['Days since last order', 'Orders', 'Revenue per customer'] } },
      spec: {
        width: 180,
        height: { step: 22 },
        encoding: {
          y: { field: 'who', type: 'nominal', title: null, sort: ['At Risk', 'All customers'], axis: null },
          x: { field: 'value', type: 'quantitative', title: null, axis: null },
        },
        layer: [
          { mark: { type: 'bar' }, encoding: { color: { field: 'who', type: 'nominal', title: null, scale: { domain: ['At Risk', 'All customers'], range: ['#d6604d', COLOURS.muted] } } } },
          { mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: COLOURS.text }, encoding: { text: { field: 'label' } } },
        ],
      },
      resolve: { scale: { x: 'independent' } },
    });
  });

  it('shows zeros for a segment without means and for no scored customers at all', () => {
    const empty = segment('Hibernating', 0, null, null, null);
    const values = json(segmentProfileChart(empty, [empty])).data.values.map((v: { value: number; label: string }) => [v.value, v.label]);
    expect(values).toEqual([[0, '0 days'], [0, '0 days'], [0, '0.0'], [0, '0.0'], [0, '£0'], [0, '£0']]);
  });
});
