import { describe, expect, it } from 'vitest';
import type { Cohort } from '../../../src/campaigns/cohort-retention.js';
import type { MovementCell } from '../../../src/campaigns/segment-movement.js';
import { CHART_CONFIG, COLOURS } from '../../../src/charts/chart-theme.js';
import { cohortRetentionChart } from '../../../src/charts/cohort-retention-chart.js';
import { movementMatrixChart, shortMoney } from '../../../src/charts/movement-matrix-chart.js';
import { recencyFrequencyGridChart, type GridCell } from '../../../src/charts/recency-frequency-grid-chart.js';

/** The heat maps' full Vega-Lite specs, written out: what each cell shows, its colour and its text. */
const json = (spec: unknown) => JSON.parse(JSON.stringify(spec));
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const config = json(CHART_CONFIG);
const SEGMENTS = ['Champions', 'Loyal Customers', 'Potential Loyalists', 'New Customers', 'Promising', 'Need Attention', 'About to Sleep', 'At Risk', "Can't Lose", 'Hibernating'];

describe('cohortRetentionChart', () => {
  // December 2009: 955 first-time customers, 337 ordered again a month later, 319 two months later (a month
  // the data covers only in part); January 2010: 383 customers, 79 back a month later (partial).
  const cohorts: Cohort[] = [
    {
      cohort: '2009-12',
      customers: 955,
      retention: [
        { monthsSince: 0, customers: 955, rate: 1, partial: false },
        { monthsSince: 1, customers: 337, rate: 337 / 955, partial: false },
        { monthsSince: 2, customers: 319, rate: 319 / 955, partial: true },
      ],
    },
    {
      cohort: '2010-01',
      customers: 383,
      retention: [
        { monthsSince: 0, customers: 383, rate: 1, partial: false },
        { monthsSince: 1, customers: 79, rate: 79 / 383, partial: true },
      ],
    },
  ];

  it('draws one row per cohort, oldest first, with percentages in the cells after month 0', () => {
    expect(json(cohortRetentionChart(cohorts))).toEqual({
      $schema: SCHEMA,
      config,
      // Three month columns of 24 px; two rows of 16 px.
      width: 72,
      height: 32,
      data: {
        values: [
          { cohort: 'Dec 2009 (955)', monthsSince: 0, rate: null, label: '', partial: false },
          { cohort: 'Dec 2009 (955)', monthsSince: 1, rate: 337 / 955, label: '35', partial: false },
          { cohort: 'Dec 2009 (955)', monthsSince: 2, rate: 319 / 955, label: '33', partial: true },
          { cohort: 'Jan 2010 (383)', monthsSince: 0, rate: null, label: '', partial: false },
          { cohort: 'Jan 2010 (383)', monthsSince: 1, rate: 79 / 383, label: '21', partial: true },
        ],
      },
      encoding: {
        x: { field: 'monthsSince', type: 'ordinal', title: 'Months since first order', axis: { orient: 'top', labelAngle: 0 } },
        y: { field: 'cohort', type: 'ordinal', sort: null, title: 'First order in (customers)', axis: { labelLimit: 120 } },
      },
      layer: [
        { transform: [{ filter: 'datum.monthsSince == 0' }], mark: { type: 'rect', stroke: 'white', strokeWidth: 0.8, color: '#d9e2ec' } },
        {
          transform: [{ filter: 'datum.monthsSince > 0' }],
          mark: { type: 'rect', stroke: 'white', strokeWidth: 0.8 },
          encoding: {
            color: { field: 'rate', type: 'quantitative', title: 'Ordering again', scale: { scheme: 'greens', domain: [0, 0.5], clamp: true }, legend: null },
            opacity: { condition: { test: 'datum.partial', value: 0.4 }, value: 1 },
          },
        },
        {
          mark: { type: 'text', fontSize: 8 },
          encoding: {
            text: { field: 'label', type: 'nominal' },
            color: { condition: { test: 'datum.rate > 0.32', value: 'white' }, value: '#102a43' },
          },
        },
      ],
    });
  });

  it('uses smaller rows and text for more than 20 cohorts, and stops widening at the page width', () => {
    // 21 monthly cohorts from Dec 2009; the first has 24 months of retention, wider than the 490 px available.
    const many: Cohort[] = Array.from({ length: 21 }, (_, i) => ({
      cohort: `${2009 + Math.floor((11 + i) / 12)}-${String(((11 + i) % 12) + 1).padStart(2, '0')}`,
      customers: 100,
      retention: Array.from({ length: i === 0 ? 24 : 1 }, (_, k) => ({ monthsSince: k, customers: k === 0 ? 100 : 10, rate: k === 0 ? 1 : 0.1, partial: false })),
    }));
    const spec = json(cohortRetentionChart(many));
    expect(spec.width).toBe(490);
    expect(spec.height).toBe(252);
    expect(spec.layer[2].mark).toEqual({ type: 'text', fontSize: 6.5 });
    expect(spec.data.values[24].cohort).toBe('Jan 2010 (100)');
  });

  it('keeps exactly 20 cohorts at full size', () => {
    const twenty: Cohort[] = Array.from({ length: 20 }, (_, i) => ({
      cohort: `2010-${String((i % 12) + 1).padStart(2, '0')}`,
      customers: 50,
      retention: [{ monthsSince: 0, customers: 50, rate: 1, partial: false }],
    }));
    const spec = json(cohortRetentionChart(twenty));
    expect(spec.height).toBe(320);
    expect(spec.layer[2].mark).toEqual({ type: 'text', fontSize: 8 });
  });

  it('is one column wide and no row high without cohorts', () => {
    const spec = json(cohortRetentionChart([]));
    expect([spec.width, spec.height, spec.data.values]).toEqual([24, 0, []]);
  });
});

describe('shortMoney', () => {
  it.each([
    [999, '£999'],
    [1000, '£1k'],
    [45678.9, '£46k'],
    [999499, '£999k'],
    [1000000, '£1.0m'],
    [1234567, '£1.2m'],
    [-12345, '£-12k'],
    [-1500000, '£-1.5m'],
  ])('writes %d as %s', (value, text) => {
    expect(shortMoney(value)).toBe(text);
  });
});

describe('movementMatrixChart', () => {
  const cells: MovementCell[] = [
    { from: '(new)', to: 'New Customers', customers: 120, monetary: 30512.4 },
    { from: 'Champions', to: 'Champions', customers: 1024, monetary: 2500000 },
    { from: 'Champions', to: 'At Risk', customers: 12, monetary: 45678.9 },
    { from: 'Loyal Customers', to: 'Hibernating', customers: 3, monetary: 1234567 },
    { from: 'Loyal Customers', to: "Can't Lose", customers: 2, monetary: 880 },
    { from: 'Promising', to: 'Hibernating', customers: 40, monetary: 999 },
    { from: 'Champions', to: 'Loyal Customers', customers: 30, monetary: 80000 },
  ];
  const textLayer = (moved: boolean) => ({
    transform: [{ filter: moved ? '!datum.stayed' : 'datum.stayed' }],
    mark: { type: 'text', fontSize: 8, lineBreak: '\n', fontWeight: moved ? 'bold' : 'normal' },
    encoding: {
      text: { field: 'label', type: 'nominal' },
      // Counts turn white above the largest count to the power 0.6: 1024 → 64, as floating point gives it.
      color: { condition: [{ test: 'datum.atStake', value: '#b42318' }, { test: 'datum.customers > 63.99999999999999', value: 'white' }], value: '#102a43' },
    },
  });

  it('puts the segment 28 days ago in rows ("(new)" first) against the segment now, framing valuable customers who lapsed', () => {
    expect(json(movementMatrixChart(cells))).toEqual({
      $schema: SCHEMA,
      config,
      width: 480,
      // Eleven rows of 26 px: "(new)" and the ten segments.
      height: 286,
      data: {
        values: [
          { from: '(new)', to: 'New Customers', customers: 120, stayed: false, atStake: false, label: '120' },
          { from: 'Champions', to: 'Champions', customers: 1024, stayed: true, atStake: false, label: '1024' },
          { from: 'Champions', to: 'At Risk', customers: 12, stayed: false, atStake: true, label: '12\n£46k' },
          { from: 'Loyal Customers', to: 'Hibernating', customers: 3, stayed: false, atStake: true, label: '3\n£1.2m' },
          { from: 'Loyal Customers', to: "Can't Lose", customers: 2, stayed: false, atStake: true, label: '2\n£880' },
          { from: 'Promising', to: 'Hibernating', customers: 40, stayed: false, atStake: false, label: '40' },
          { from: 'Champions', to: 'Loyal Customers', customers: 30, stayed: false, atStake: false, label: '30' },
        ],
      },
      encoding: {
        x: { field: 'to', type: 'nominal', sort: SEGMENTS, title: 'Segment now', axis: { orient: 'top', labelAngle: -30, labelAlign: 'left' } },
        y: { field: 'from', type: 'nominal', sort: ['(new)', ...SEGMENTS], title: 'Segment 28 days before' },
      },
      layer: [
        { mark: { type: 'rect', stroke: 'white', strokeWidth: 1 }, encoding: { color: { field: 'customers', type: 'quantitative', scale: { type: 'log', scheme: 'blues' }, legend: null } } },
        { transform: [{ filter: 'datum.atStake' }], mark: { type: 'rect', fill: null, stroke: COLOURS.secondary, strokeWidth: 2 } },
        textLayer(false),
        textLayer(true),
      ],
    });
  });

  it('turns counts white only above 1 when there are no cells', () => {
    const empty = json(movementMatrixChart([]));
    expect(empty.data.values).toEqual([]);
    expect(empty.layer[2].encoding.color.condition[1].test).toBe('datum.customers > 1');
  });
});

describe('recencyFrequencyGridChart', () => {
  // Customers per (recency score, frequency score): 400 in the best cell (5, 5), 1 in the worst (1, 1).
  const cells: GridCell[] = [
    { r: 5, f: 5, customers: 400, segment: 'Champions' },
    { r: 1, f: 1, customers: 1, segment: 'Hibernating' },
    { r: 2, f: 4, customers: 221, segment: 'At Risk' },
  ];

  it('lays the cells out with recency 5 on top and frequency 5 on the right, counts printed in each', () => {
    expect(json(recencyFrequencyGridChart(cells))).toEqual({
      $schema: SCHEMA,
      config,
      width: 210,
      height: 210,
      data: { values: cells },
      encoding: {
        x: { field: 'f', type: 'ordinal', title: 'Frequency score', sort: [1, 2, 3, 4, 5], axis: { labelAngle: 0 } },
        y: { field: 'r', type: 'ordinal', title: 'Recency score', sort: [5, 4, 3, 2, 1] },
      },
      layer: [
        { mark: { type: 'rect', stroke: 'white', strokeWidth: 1.5 }, encoding: { color: { field: 'customers', type: 'quantitative', title: 'Customers', scale: { scheme: 'blues' }, legend: null } } },
        {
          mark: { type: 'text', fontSize: 9 },
          encoding: {
            text: { field: 'customers', type: 'quantitative', format: ',.0f' },
            // 55 % of the largest count (400): 220, written as floating point gives it.
            color: { condition: { test: 'datum.customers > 220.00000000000003', value: 'white' }, value: '#102a43' },
          },
        },
      ],
    });
  });

  it('makes every count white above 0 without cells', () => {
    expect(json(recencyFrequencyGridChart([])).layer[1].encoding.color.condition.test).toBe('datum.customers > 0');
  });
});
