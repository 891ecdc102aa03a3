import type { TopLevelSpec } from 'vega-lite';
import { isValuableLapse, NEW_CUSTOMER, type MovementCell } from '../campaigns/segment-movement.js';
import { SEGMENT_NAMES } from '../metrics/rfm-segments.js';
import { CHART_CONFIG, COLOURS, FULL_WIDTH } from './chart-theme.js';

/** "£12k", "£1.2m": short enough for a heat-map cell. */
export function shortMoney(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `£${(value / 1e6).toFixed(1)}m`;
  if (abs >= 1e3) return `£${Math.round(value / 1e3)}k`;
  return `£${Math.round(value)}`;
}

/**
 * The movement matrix as a heat map: segment 28 days ago (rows, "(new)" first) against segment now
 * (columns), customers per cell. Colour is on a log scale, or the customers who stayed would wash out
 * every move. Cells where Champions or Loyal Customers fell into a lapsing segment carry the £ at stake
 * (their revenue to date) and a red frame.
 */
export function movementMatrixChart(cells: readonly MovementCell[]): TopLevelSpec {
  const rows = [NEW_CUSTOMER, ...SEGMENT_NAMES];
  const values = cells.map((c) => {
    const atStake = isValuableLapse(c);
    return { from: c.from, to: c.to, customers: c.customers, stayed: c.from === c.to, atStake, label: atStake ? `${c.customers}\n${shortMoney(c.monetary)}` : String(c.customers) };
  });
  const darkFrom = Math.max(1, ...cells.map((c) => c.customers)) ** 0.6;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: FULL_WIDTH - 120,
    height: 26 * rows.length,
    data: { values },
    encoding: {
      x: { field: 'to', type: 'nominal', sort: [...SEGMENT_NAMES], title: 'Segment now', axis: { orient: 'top', labelAngle: -30, labelAlign: 'left' } },
      y: { field: 'from', type: 'nominal', sort: rows, title: 'Segment 28 days before' },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: { color: { field: 'customers', type: 'quantitative', scale: { type: 'log', scheme: 'blues' }, legend: null } },
      },
      {
        transform: [{ filter: 'datum.atStake' }],
        mark: { type: 'rect', fill: null, stroke: COLOURS.secondary, strokeWidth: 2 },
      },
      // Stayers are the diagonal; movers are what the reader looks for, so their counts are bold.
      ...[false, true].map((moved) => ({
        transform: [{ filter: moved ? '!datum.stayed' : 'datum.stayed' }],
        mark: { type: 'text' as const, fontSize: 8, lineBreak: '\n', fontWeight: moved ? ('bold' as const) : ('normal' as const) },
        encoding: {
          text: { field: 'label', type: 'nominal' as const },
          color: { condition: [{ test: 'datum.atStake', value: '#b42318' }, { test: `datum.customers > ${darkFrom}`, value: 'white' }], value: '#102a43' },
        },
      })),
    ],
  };
}
