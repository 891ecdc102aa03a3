import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, COUNT_FORMAT, HALF_WIDTH } from './chart-theme.js';

export interface GridCell {
  r: number;
  f: number;
  customers: number;
  segment: string;
}

/** Customers in each (recency score, frequency score) cell: a 5×5 heat map with counts, best (5, 5) top right. */
export function recencyFrequencyGridChart(cells: readonly GridCell[]): TopLevelSpec {
  const scores = [1, 2, 3, 4, 5];
  const darkFrom = Math.max(0, ...cells.map((c) => c.customers)) * 0.55;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: HALF_WIDTH - 40,
    height: HALF_WIDTH - 40,
    data: { values: cells.map((c) => ({ ...c })) },
    encoding: {
      x: { field: 'f', type: 'ordinal', title: 'Frequency score', sort: scores, axis: { labelAngle: 0 } },
      y: { field: 'r', type: 'ordinal', title: 'Recency score', sort: [...scores].reverse() },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1.5 },
        encoding: { color: { field: 'customers', type: 'quantitative', title: 'Customers', scale: { scheme: 'blues' }, legend: null } },
      },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          text: { field: 'customers', type: 'quantitative', format: COUNT_FORMAT },
          // Dark cells get white numbers so every count stays readable.
          color: { condition: { test: `datum.customers > ${darkFrom}`, value: 'white' }, value: '#102a43' },
        },
      },
    ],
  };
}
