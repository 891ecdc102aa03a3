import type { TopLevelSpec } from 'vega-lite';
import type { SegmentMetrics } from '../metrics/metrics-report.js';
import { CHART_CONFIG, COLOURS, FULL_WIDTH } from './chart-theme.js';
import { SEGMENT_COLOURS } from './segment-colours.js';

function weightedMean(segments: readonly SegmentMetrics[], value: (s: SegmentMetrics) => number | null): number {
  let total = 0;
  let customers = 0;
  for (const s of segments) {
    const v = value(s);
    // A segment without customers adds 0 to both sums: it weighs nothing.
    if (v !== null) {
      total += v * s.customers;
      customers += s.customers;
    }
  }
  return customers === 0 ? 0 : total / customers;
}

/**
 * A segment's mean recency, frequency and monetary value beside the mean over all scored customers, one
 * small bar pair per measure (each with its own scale, since days, orders and pounds do not compare).
 */
export function segmentProfileChart(segment: SegmentMetrics, all: readonly SegmentMetrics[]): TopLevelSpec {
  const measures: { measure: string; value: (s: SegmentMetrics) => number | null; label: (v: number) => string }[] = [
    { measure: 'Days since last order', value: (s) => s.recencyMean, label: (v) => `${v.toFixed(0)} days` },
    { measure: 'Orders', value: (s) => s.frequencyMean, label: (v) => v.toFixed(1) },
    { measure: 'Revenue per customer', value: (s) => s.monetaryMean, label: (v) => `£${Math.round(v).toLocaleString('en-GB')}` },
  ];
  const values = measures.flatMap((m) => {
    const own = m.value(segment) ?? 0;
    const overall = weightedMean(all, m.value);
    return [
      { measure: m.measure, who: segment.segment, value: own, label: m.label(own) },
      { measure: m.measure, who: 'All customers', value: overall, label: m.label(overall) },
    ];
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    data: { values },
    facet: { column: { field: 'measure', type: 'nominal', title: null, sort: measures.map((m) => m.measure) } },
    spec: {
      width: (FULL_WIDTH - 60) / 3,
      height: { step: 22 },
      encoding: {
        y: { field: 'who', type: 'nominal', title: null, sort: [segment.segment, 'All customers'], axis: null },
        x: { field: 'value', type: 'quantitative', title: null, axis: null },
      },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: { color: { field: 'who', type: 'nominal', title: null, scale: { domain: [segment.segment, 'All customers'], range: [SEGMENT_COLOURS[segment.segment], COLOURS.muted] } } },
        },
        { mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: COLOURS.text }, encoding: { text: { field: 'label' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  };
}
