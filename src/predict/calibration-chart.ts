import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, COLOURS } from '../charts/chart-theme.js';
import type { DecileRow } from './evaluation.js';

/**
 * The back-test's calibration: mean predicted against observed rate per decile, one line per cut-off and
 * method, over the diagonal a perfectly calibrated score would follow. For docs/prediction.md.
 */
export interface CalibrationSeries {
  cutoff: string;
  method: string;
  deciles: readonly DecileRow[];
}

export function calibrationChart(series: readonly CalibrationSeries[]): TopLevelSpec {
  const points = series.flatMap((s) => s.deciles.map((d) => ({ cutoff: s.cutoff, method: s.method, predicted: d.meanPredicted, observed: d.observedRate, decile: d.decile })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: 200,
    height: 200,
    data: { values: points },
    facet: { column: { field: 'cutoff', type: 'ordinal', title: 'Cut-off' } },
    spec: {
      width: 200,
      height: 200,
      layer: [
        {
          data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
          mark: { type: 'line', color: COLOURS.muted, strokeDash: [4, 4] },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
        },
        {
          mark: { type: 'line', point: true, strokeWidth: 1.5 },
          encoding: {
            x: { field: 'predicted', type: 'quantitative', title: 'Mean predicted P(order in 90 days)', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
            y: { field: 'observed', type: 'quantitative', title: 'Observed rate', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
            color: { field: 'method', type: 'nominal', title: null, scale: { range: [COLOURS.primary, COLOURS.secondary] }, legend: { orient: 'bottom' } },
            order: { field: 'decile', type: 'ordinal' },
          },
        },
      ],
    },
  } as TopLevelSpec;
}
