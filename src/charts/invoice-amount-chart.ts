import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, COLOURS, COUNT_FORMAT, FULL_WIDTH, MONEY_FORMAT } from './chart-theme.js';

export interface AmountBin {
  start: number;
  end: number;
  invoices: number;
}

export interface AmountQuantiles {
  min: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  p85: number | null;
  max: number | null;
}

/**
 * Histogram of order amounts up to the 85th percentile, over a box strip of the quartiles on the same
 * pound scale. The tail above p85 (up to the maximum) is left out so the bars stay readable; the caption
 * says where it ends.
 */
export function invoiceAmountChart(bins: readonly AmountBin[], quantiles: AmountQuantiles): TopLevelSpec {
  const upper = quantiles.p85 ?? Math.max(0, ...bins.map((b) => b.end));
  const xScale = { domain: [0, upper] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    vconcat: [
      {
        width: FULL_WIDTH,
        height: 150,
        data: { values: bins.map((b) => ({ ...b })) },
        mark: { type: 'bar', color: COLOURS.primary, binSpacing: 1 },
        encoding: {
          x: { field: 'start', type: 'quantitative', bin: { binned: true }, title: null, scale: xScale, axis: { format: MONEY_FORMAT, formatType: 'number' } },
          x2: { field: 'end' },
          y: { field: 'invoices', type: 'quantitative', title: 'Orders', axis: { format: COUNT_FORMAT } },
        },
      },
      {
        width: FULL_WIDTH,
        height: 26,
        data: { values: [{ ...quantiles, whiskerEnd: Math.min(quantiles.max ?? upper, upper) }] },
        encoding: { y: { value: 13 } },
        layer: [
          {
            mark: { type: 'rule', color: COLOURS.text },
            encoding: { x: { field: 'min', type: 'quantitative', scale: xScale, title: 'Order amount (box: 25th–75th percentile, line: median)', axis: { format: MONEY_FORMAT, formatType: 'number' } }, x2: { field: 'whiskerEnd' } },
          },
          { mark: { type: 'bar', color: COLOURS.muted, height: 14 }, encoding: { x: { field: 'p25', type: 'quantitative', scale: xScale }, x2: { field: 'p75' } } },
          { mark: { type: 'tick', color: COLOURS.secondary, thickness: 2.5, size: 18 }, encoding: { x: { field: 'median', type: 'quantitative', scale: xScale } } },
        ],
      },
    ],
  };
}
