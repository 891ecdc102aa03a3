import type { TopLevelSpec } from 'vega-lite';
import type { SegmentMetrics } from '../metrics/metrics-report.js';
import { SEGMENT_NAMES } from '../metrics/rfm-segments.js';
import { CHART_CONFIG, HALF_WIDTH } from './chart-theme.js';
import { SEGMENT_COLOURS } from './segment-colours.js';

/** Customers per RFM segment as a donut; empty segments keep their legend entry but draw no slice. */
export function segmentDonutChart(segments: readonly SegmentMetrics[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...CHART_CONFIG, legend: { ...CHART_CONFIG.legend, orient: 'right', direction: 'vertical' } },
    width: HALF_WIDTH - 110,
    height: HALF_WIDTH - 110,
    data: { values: segments.filter((s) => s.customers > 0).map((s) => ({ segment: s.segment, customers: s.customers, order: SEGMENT_NAMES.indexOf(s.segment) })) },
    mark: { type: 'arc', innerRadius: 42, outerRadius: 70, stroke: 'white', strokeWidth: 1 },
    encoding: {
      theta: { field: 'customers', type: 'quantitative', stack: true },
      order: { field: 'order', type: 'quantitative' },
      color: {
        field: 'segment',
        type: 'nominal',
        title: null,
        scale: { domain: [...SEGMENT_NAMES], range: SEGMENT_NAMES.map((name) => SEGMENT_COLOURS[name]) },
      },
    },
  };
}
