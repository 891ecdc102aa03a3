import { describe, expect, it } from 'vitest';
import { activeCustomersChart } from '../../../src/charts/active-customers-chart.js';
import { invoiceAmountChart } from '../../../src/charts/invoice-amount-chart.js';
import { monthlySalesChart } from '../../../src/charts/monthly-sales-chart.js';
import { ChartRenderError, renderCheckedSvg, renderSvg } from '../../../src/charts/render-svg.js';
import { topProductsChart } from '../../../src/charts/top-products-chart.js';
import type { MonthlyMetrics } from '../../../src/metrics/metrics-report.js';

const months: MonthlyMetrics[] = [
  { month: '2011-10', placedOrders: 2600, cancelledOrders: 410, sales: 1070704.67, salesGrowth: 0.05, activeCustomers: 1364, newCustomers: 221, existingCustomers: 1143, partial: false },
  { month: '2011-11', placedOrders: 3021, cancelledOrders: 441, sales: 1456145.8, salesGrowth: 0.3617, activeCustomers: 1665, newCustomers: 192, existingCustomers: 1473, partial: false },
];

describe('renderSvg', () => {
  it('renders a spec to SVG in Node, with its data marks counted', async () => {
    const { svg, marks } = await renderSvg(monthlySalesChart(months));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(marks).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('Nov 2011');
  });

  it('prints pounds on money axes', async () => {
    const { svg } = await renderSvg(monthlySalesChart(months));
    expect(svg).toMatch(/£1,000,000|£1,400,000|£1,500,000/);
  });

  it('escapes text from the data, so a product name cannot inject markup', async () => {
    const product = { stockCode: 'X1', description: '<img src=x onerror=alert(1)>', quantity: 1, sales: 10, orderLines: 1, cancellationLines: 0, cancelledQuantity: 0 };
    const { svg } = await renderSvg(topProductsChart([product], 'sales'));
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img');
  });

  it('draws the invoice-amount histogram bars with width', async () => {
    const bins = [{ start: 0, end: 100, invoices: 40 }, { start: 100, end: 200, invoices: 25 }];
    const { svg } = await renderSvg(invoiceAmountChart(bins, { min: 1, p25: 60, median: 110, p75: 160, p85: 200, max: 900 }));
    const widths = [...svg.matchAll(/aria-roledescription="bar" d="M[\d.]+,[\d.]+h([\d.]+)/g)].map((m) => Number(m[1]));
    expect(widths.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...widths)).toBeGreaterThan(0);
  });
});

describe('renderCheckedSvg', () => {
  it('refuses a chart with no data, naming it', async () => {
    await expect(renderCheckedSvg('weekly report: chart activeCustomers', activeCustomersChart([]))).rejects.toThrow(ChartRenderError);
    await expect(renderCheckedSvg('weekly report: chart activeCustomers', activeCustomersChart([]))).rejects.toThrow(
      'weekly report: chart activeCustomers has no data marks: it would print blank',
    );
  });
});
