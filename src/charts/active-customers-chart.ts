import type { TopLevelSpec } from 'vega-lite';
import type { MonthlyMetrics } from '../metrics/metrics-report.js';
import { CHART_CONFIG, CHART_HEIGHT, COLOURS, COUNT_FORMAT, FULL_WIDTH } from './chart-theme.js';
import { monthLabel } from './month-label.js';

/** Customers with at least one order per month, as a line with a point per month. */
export function activeCustomersChart(monthly: readonly MonthlyMetrics[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: FULL_WIDTH,
    height: CHART_HEIGHT - 30,
    data: { values: monthly.map((m) => ({ month: monthLabel(m.month, m.partial), customers: m.activeCustomers, partial: m.partial })) },
    mark: { type: 'line', color: COLOURS.primary, point: { color: COLOURS.primary, size: 22 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -45 } },
      y: { field: 'customers', type: 'quantitative', title: 'Active customers', axis: { format: COUNT_FORMAT } },
    },
  };
}
