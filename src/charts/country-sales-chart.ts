import type { TopLevelSpec } from 'vega-lite';
import type { CountryMetrics } from '../metrics/metrics-report.js';
import { CHART_CONFIG, COLOURS, FULL_WIDTH, MONEY_FORMAT } from './chart-theme.js';

export const OTHER_COUNTRIES = 'Other countries';

/** The top countries by net sales, then the rest summed into one bar. Pure aggregation, exact to the penny. */
export function countryBars(countries: readonly CountryMetrics[], top: number): { country: string; sales: number; rank: number }[] {
  const sorted = [...countries].sort((a, b) => b.sales - a.sales || a.country.localeCompare(b.country));
  const bars = sorted.slice(0, top).map((c, rank) => ({ country: c.country, sales: c.sales, rank }));
  const rest = sorted.slice(top);
  if (rest.length > 0) {
    const cents = rest.reduce((sum, c) => sum + Math.round(c.sales * 100), 0);
    bars.push({ country: `${OTHER_COUNTRIES} (${rest.length})`, sales: cents / 100, rank: top });
  }
  return bars;
}

export function countrySalesChart(countries: readonly CountryMetrics[], top = 10): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CHART_CONFIG,
    width: FULL_WIDTH - 150,
    height: { step: 16 },
    data: { values: countryBars(countries, top) },
    mark: { type: 'bar', color: COLOURS.primary },
    encoding: {
      y: { field: 'country', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null, axis: { labelLimit: 150 } },
      // Net sales of the home market dwarf the rest; a square-root scale keeps the small markets visible.
      x: { field: 'sales', type: 'quantitative', title: 'Net sales (square-root scale)', scale: { type: 'sqrt' }, axis: { format: MONEY_FORMAT, formatType: 'number', tickCount: 5 } },
    },
  };
}
