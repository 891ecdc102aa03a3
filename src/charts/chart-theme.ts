import type { Config } from 'vega-lite';

/**
 * Shared look of every chart. Sizes are in CSS pixels for an A4 page printed with 14 mm margins
 * (about 680 px of width); fonts are the ones the print stylesheet uses, all local.
 */
export const FULL_WIDTH = 600;
export const HALF_WIDTH = 250;
export const CHART_HEIGHT = 190;

export const COLOURS = {
  primary: '#2f6690',
  secondary: '#d1495b',
  accent: '#edae49',
  muted: '#9fb3c8',
  text: '#334e68',
} as const;

/** d3-format strings; '$' prints the locale's currency, which CHART_CONFIG sets to pounds. */
export const MONEY_FORMAT = '$,.0f';
export const COUNT_FORMAT = ',.0f';
export const GROWTH_FORMAT = '+.0%';

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

export const CHART_CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 4,
  locale: { number: { decimal: '.', thousands: ',', grouping: [3], currency: ['£', ''] } },
  view: { stroke: null },
  axis: { labelFontSize: 9, titleFontSize: 9.5, labelColor: COLOURS.text, titleColor: COLOURS.text, gridColor: '#e4e7eb', domainColor: '#bcccdc', tickColor: '#bcccdc', titleFontWeight: 'normal' },
  legend: { labelFontSize: 9, titleFontSize: 9.5, labelColor: COLOURS.text, titleColor: COLOURS.text, orient: 'top', direction: 'horizontal' },
  header: { labelFontSize: 9, labelColor: COLOURS.text, titleFontSize: 9.5 },
  title: { fontSize: 11, color: COLOURS.text, anchor: 'start', fontWeight: 'bold' },
};
