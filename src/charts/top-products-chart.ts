import type { TopLevelSpec } from 'vega-lite';
import type { ProductMetrics } from '../metrics/metrics-report.js';
import { CHART_CONFIG, COLOURS, COUNT_FORMAT, FULL_WIDTH, MONEY_FORMAT } from './chart-theme.js';

/** Products as horizontal bars, largest first, by net sales (pounds) or net quantity. */
export function topProductsChart(products: readonly ProductMetrics[], measure: 'sales' | 'quantity'): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: FULL_WIDTH - 230,
    height: { step: 16 },
    data: { values: products.map((p) => ({ product: p.description || p.stockCode, stockCode: p.stockCode, value: p[measure] })) },
    mark: { type: 'bar', color: COLOURS.primary },
    encoding: {
      y: { field: 'product', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 220 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: measure === 'sales' ? 'Net sales' : 'Net quantity',
        axis: { format: measure === 'sales' ? MONEY_FORMAT : COUNT_FORMAT, formatType: 'number' },
      },
    },
  };
}
