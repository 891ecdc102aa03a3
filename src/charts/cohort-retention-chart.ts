import type { TopLevelSpec } from 'vega-lite';
import type { Cohort } from '../campaigns/cohort-retention.js';
import { CHART_CONFIG, FULL_WIDTH } from './chart-theme.js';
import { monthLabel } from './month-label.js';

/**
 * The cohort triangle: first-order month (rows, oldest first) against months since (columns), the share of
 * the cohort ordering in that month in each cell. Month 0 is 100 % by definition and left white so it
 * does not set the colour scale; months the data covers only in part are faded.
 */
export function cohortRetentionChart(cohorts: readonly Cohort[]): TopLevelSpec {
  const values = cohorts.flatMap((c) =>
    c.retention.map((r) => ({
      cohort: `${monthLabel(c.cohort)} (${c.customers})`,
      monthsSince: r.monthsSince,
      rate: r.monthsSince === 0 ? null : r.rate,
      label: r.monthsSince === 0 ? '' : String(Math.round(r.rate * 100)),
      partial: r.partial,
    })),
  );
  const columns = Math.max(1, ...cohorts.map((c) => c.retention.length));
  const rowHeight = cohorts.length > 20 ? 12 : 16;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: Math.min(FULL_WIDTH - 110, columns * 24),
    height: rowHeight * cohorts.length,
    data: { values },
    encoding: {
      x: { field: 'monthsSince', type: 'ordinal', title: 'Months since first order', axis: { orient: 'top', labelAngle: 0 } },
      y: { field: 'cohort', type: 'ordinal', sort: null, title: 'First order in (customers)', axis: { labelLimit: 120 } },
    },
    layer: [
      {
        // Month 0 (100 % by definition) in grey: it marks where each cohort starts.
        transform: [{ filter: 'datum.monthsSince == 0' }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.8, color: '#d9e2ec' },
      },
      {
        transform: [{ filter: 'datum.monthsSince > 0' }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.8 },
        encoding: {
          color: { field: 'rate', type: 'quantitative', title: 'Ordering again', scale: { scheme: 'greens', domain: [0, 0.5], clamp: true }, legend: null },
          opacity: { condition: { test: 'datum.partial', value: 0.4 }, value: 1 },
        },
      },
      {
        mark: { type: 'text', fontSize: cohorts.length > 20 ? 6.5 : 8 },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: 'datum.rate > 0.32', value: 'white' }, value: '#102a43' },
        },
      },
    ],
  };
}
