import type { TopLevelSpec } from 'vega-lite';
import type { MonthlyMetrics } from '../metrics/metrics-report.js';
import { CHART_CONFIG, CHART_HEIGHT, COLOURS, COUNT_FORMAT, FULL_WIDTH } from './chart-theme.js';
import { monthLabel } from './month-label.js';

const SERIES = ['Placed', 'Cancelled'];

/** Placed and cancelled orders per month, side by side. */
export function monthlyOrdersChart(monthly: readonly MonthlyMetrics[]): TopLevelSpec {
  const values = monthly.flatMap((m) => [
    { month: monthLabel(m.month, m.partial), series: 'Placed', orders: m.placedOrders, partial: m.partial },
    { month: monthLabel(m.month, m.partial), series: 'Cancelled', orders: m.cancelledOrders, partial: m.partial },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: FULL_WIDTH,
    height: CHART_HEIGHT,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -45 } },
      xOffset: { field: 'series', sort: SERIES },
      y: { field: 'orders', type: 'quantitative', title: 'Orders', axis: { format: COUNT_FORMAT } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: SERIES, range: [COLOURS.primary, COLOURS.secondary] } },
      opacity: { condition: { test: 'datum.partial', value: 0.35 }, value: 1 },
    },
  };
}
