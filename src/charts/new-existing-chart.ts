import type { TopLevelSpec } from 'vega-lite';
import type { MonthlyMetrics } from '../metrics/metrics-report.js';
import { CHART_CONFIG, CHART_HEIGHT, COLOURS, COUNT_FORMAT, FULL_WIDTH } from './chart-theme.js';
import { monthLabel } from './month-label.js';

const SERIES = ['Existing', 'New'];

/** Active customers per month, stacked: existing below, new on top. */
export function newExistingChart(monthly: readonly MonthlyMetrics[]): TopLevelSpec {
  const values = monthly.flatMap((m) => [
    { month: monthLabel(m.month, m.partial), series: 'Existing', customers: m.existingCustomers, order: 0, partial: m.partial },
    { month: monthLabel(m.month, m.partial), series: 'New', customers: m.newCustomers, order: 1, partial: m.partial },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: FULL_WIDTH,
    height: CHART_HEIGHT - 20,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -45 } },
      y: { field: 'customers', type: 'quantitative', stack: 'zero', title: 'Customers', axis: { format: COUNT_FORMAT } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: SERIES, range: [COLOURS.muted, COLOURS.accent] } },
      order: { field: 'order', type: 'quantitative' },
      opacity: { condition: { test: 'datum.partial', value: 0.45 }, value: 1 },
    },
  };
}
