import { formatChange, formatCount, formatDecimal, formatMoney, formatPercent, formatPoints } from '../text/number-format.js';
import { textTable } from '../text/text-table.js';
import { KPI_NAMES, RATE_KPIS, type KpiName, type MetricsReport, type QualityReport } from './metrics-report.js';

/** `lgs metrics` without --json: the report's numbers as readable text tables. Pure. */
const KPI_LABELS: Record<KpiName, [string, (v: number | null) => string]> = {
  sales: ['Net sales', formatMoney],
  orders: ['Orders', formatCount],
  averageOrderValue: ['Average order value', formatMoney],
  cancellationRate: ['Cancellation rate', formatPercent],
  activeCustomers: ['Active customers', formatCount],
  newCustomers: ['New customers', formatCount],
};

export function qualityAsText(quality: QualityReport): string {
  const w = quality.warehouse;
  const facts: [string, string][] = [
    ['Distinct invoice lines', formatCount(w.distinctLines)],
    ['Exact duplicate copies (counted once)', formatCount(w.duplicateCopies)],
    ['Order lines', formatCount(w.orderLines)],
    ['Cancellation lines', formatCount(w.cancellationLines)],
    ['Adjustment lines (excluded from metrics)', `${formatCount(w.adjustmentLines)} (${formatMoney(w.adjustmentAmount)})`],
    ['Lines without customer', `${formatCount(w.linesWithoutCustomer)} (${formatPercent(w.distinctLines ? w.linesWithoutCustomer / w.distinctLines : null)})`],
    ['Zero-price lines', formatCount(w.zeroPriceLines)],
    ['Negative-price lines', formatCount(w.negativePriceLines)],
    ['Invoice dates', `${w.firstInvoiceAt ?? '—'} .. ${w.lastInvoiceAt ?? '—'}`],
  ];
  const loads = quality.loads.map((l) => [String(l.loadId), l.sourceFile, l.loadedAt, formatCount(l.linesRead), formatCount(l.linesLoaded), formatCount(l.linesRejected), formatCount(l.duplicateCopiesInFile), formatCount(l.newLines)]);
  const reasons = quality.rejectReasons.map((r) => [r.reason, formatCount(r.lines), String(r.firstLine)]);
  return [
    textTable(['Warehouse', 'Value'], facts),
    textTable(['Load', 'File', 'Loaded at', 'Read', 'Loaded', 'Rejected', 'Duplicates', 'New lines'], loads),
    ingestAsText(quality.ingest),
    scoresAsText(quality.scores),
    reasons.length > 0 ? textTable(['Rejected because', 'Lines', 'First line'], reasons) : 'No rejected lines.',
  ].join('\n\n');
}

/** The ingest sources, and under the table each thing that waits on a person, in full (reasons are long). */
function ingestAsText(sources: QualityReport['ingest']): string {
  if (sources.length === 0) return 'No ingest run recorded (the data came by lgs load, or the worker has not run an ingest: source yet).';
  const rows = sources.map((s) => [s.source, s.lastLookAt ?? 'never', s.lastNewLinesAt ?? 'never', s.failure ? `failed ${s.failure.at}` : s.needsAttention.length > 0 ? `${s.needsAttention.length} file${s.needsAttention.length === 1 ? ' needs' : 's need'} attention` : 'ok']);
  const details = sources.flatMap((s) => [
    ...(s.failure ? [`${s.source}: failed at ${s.failure.at}: ${s.failure.reason}`] : []),
    ...s.needsAttention.map((item) => `${s.source}: needs attention: ${item}`),
  ]);
  return [textTable(['Ingest source', 'Last look', 'Last new lines', 'State'], rows), ...details].join('\n');
}

/** Whether the stored scores have seen the newest data, and what happens meanwhile when they have not. */
export function scoresAsText(scores: QualityReport['scores']): string {
  if (scores.newestDataLoad === null) return 'Stored scores: none (no load has added lines).';
  if (scores.refreshedAt === null) {
    return 'Stored scores: not refreshed yet. lgs load stores them, and the worker (its ingest, its reconciler, a scheduled report); RFM is scored live meanwhile.';
  }
  const refreshed = `Stored scores (RFM, predictions, recommendations): refreshed at ${scores.refreshedAt}, after load ${scores.refreshedAfterLoad}`;
  if (!scores.behind) return `${refreshed}: up to date.`;
  return (
    `${refreshed}; load ${scores.newestDataLoad} added lines since. The worker refreshes them once ` +
    'LGS_SCORE_REFRESH_MINUTES have passed since that refresh, a scheduled report before it is made, lgs load after itself; ' +
    'RFM is scored live meanwhile.'
  );
}

export function metricsAsText(report: MetricsReport): string {
  const a = report.invoiceAmounts;
  const w = report.weekly;
  const sections: [string, string][] = [
    [
      `Invoice amounts (${formatCount(a.count)} orders with a positive amount)`,
      textTable(['mean', 'min', 'p25', 'median', 'p75', 'p85', 'max'], [[a.mean, a.min, a.p25, a.median, a.p75, a.p85, a.max].map(formatMoney)]),
    ],
    [
      'Monthly',
      textTable(
        ['Month', 'Orders', 'Cancelled', 'Net sales', 'Growth', 'Active', 'New', 'Existing'],
        report.monthly.map((m) => [
          m.month + (m.partial ? ' (partial)' : ''),
          formatCount(m.placedOrders),
          formatCount(m.cancelledOrders),
          formatMoney(m.sales),
          formatChange(m.salesGrowth),
          formatCount(m.activeCustomers),
          formatCount(m.newCustomers),
          formatCount(m.existingCustomers),
        ]),
      ),
    ],
    [
      `Week of ${w.weekStart} (previous: ${w.previousWeekStart})`,
      textTable(
        ['KPI', 'This week', 'Previous', 'Change'],
        KPI_NAMES.map((name) => {
          const [label, format] = KPI_LABELS[name];
          // A rate's change in percentage points, as the report and its mail say it: "+19.6 pp", not "+645.2%".
          const { absolute, relative } = w.change[name];
          const change = RATE_KPIS.has(name) ? (absolute === null ? '—' : formatPoints(absolute)) : formatChange(relative);
          return [label, format(w.current[name]), format(w.previous[name]), change];
        }),
      ),
    ],
    [
      `RFM segments (${formatCount(report.rfm.customers)} customers)`,
      textTable(
        ['Segment', 'Customers', 'Share', 'Revenue', 'Rev. share', 'Recency (days)', 'Orders', 'Avg revenue'],
        report.rfm.segments.map((s) => [
          s.segment,
          formatCount(s.customers),
          formatPercent(s.customerShare),
          formatMoney(s.monetary),
          formatPercent(s.monetaryShare),
          formatDecimal(s.recencyMean),
          formatDecimal(s.frequencyMean),
          formatMoney(s.monetaryMean),
        ]),
      ),
    ],
    ['Recommended actions', report.rfm.segments.map((s) => `${s.segment}: ${s.action}`).join('\n')],
    [
      `Top products by net sales, ${report.periods.products.from.slice(0, 10)} to ${report.periods.products.to.slice(0, 10)}`,
      textTable(['Stock code', 'Description', 'Quantity', 'Net sales'], report.topProducts.map((p) => [p.stockCode, p.description, formatCount(p.quantity), formatMoney(p.sales)])),
    ],
    [
      'Top products by net quantity',
      textTable(['Stock code', 'Description', 'Quantity', 'Net sales'], report.productsByQuantity.map((p) => [p.stockCode, p.description, formatCount(p.quantity), formatMoney(p.sales)])),
    ],
    [
      'Most often cancelled',
      textTable(['Stock code', 'Description', 'Cancellations', 'Qty cancelled'], report.mostCancelledProducts.map((p) => [p.stockCode, p.description, formatCount(p.cancellationLines), formatCount(p.cancelledQuantity)])),
    ],
    [
      `Countries, ${report.periods.countries.from.slice(0, 10)} to ${report.periods.countries.to.slice(0, 10)}`,
      textTable(['Country', 'Customers', 'Orders', 'Net sales', 'Share'], report.countries.map((c) => [c.country, formatCount(c.customers), formatCount(c.orders), formatMoney(c.sales), formatPercent(c.salesShare)])),
    ],
    ['Data quality', qualityAsText(report.quality)],
  ];
  return [`LGS metrics as of ${report.asOf}`, ...sections.map(([title, body]) => `\n== ${title} ==\n${body}`)].join('\n') + '\n';
}
