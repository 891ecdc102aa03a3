import type { TopLevelSpec } from 'vega-lite';
import type { MonthlyMetrics } from '../metrics/metrics-report.js';
import { CHART_CONFIG, CHART_HEIGHT, COLOURS, FULL_WIDTH, GROWTH_FORMAT, MONEY_FORMAT } from './chart-theme.js';
import { monthLabel } from './month-label.js';

/** Net sales per month as bars (pounds, left axis) with month-on-month growth as a line (percent, right). */
export function monthlySalesChart(monthly: readonly MonthlyMetrics[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: FULL_WIDTH,
    height: CHART_HEIGHT,
    data: { values: monthly.map((m) => ({ month: monthLabel(m.month, m.partial), sales: m.sales, growth: m.salesGrowth, partial: m.partial })) },
    encoding: { x: { field: 'month', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -45 } } },
    layer: [
      {
        mark: { type: 'bar', color: COLOURS.primary },
        encoding: {
          y: { field: 'sales', type: 'quantitative', title: 'Net sales', axis: { format: MONEY_FORMAT, formatType: 'number' } },
          // A partial month is drawn faded: its bar is not comparable with whole months.
          opacity: { condition: { test: 'datum.partial', value: 0.35 }, value: 1 },
        },
      },
      {
        transform: [{ filter: 'datum.growth != null' }],
        mark: { type: 'line', color: COLOURS.secondary, point: { color: COLOURS.secondary, size: 18 }, strokeWidth: 1.5 },
        encoding: {
          y: { field: 'growth', type: 'quantitative', title: 'Growth on previous month', axis: { format: GROWTH_FORMAT, orient: 'right', grid: false } },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}
