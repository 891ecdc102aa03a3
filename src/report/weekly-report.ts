import type { Queryable } from '../db/database.js';
import { addDays, type LocalTimestamp } from '../metrics/as-of.js';
import { collectMetrics } from '../metrics/collect-metrics.js';
import { KPI_NAMES, RATE_KPIS, type KpiName, type MetricsReport } from '../metrics/metrics-report.js';
import { segmentGrid } from '../metrics/rfm-segments.js';
import { predictionStatus } from '../predict/prediction-status.js';
import { expectedLapses, predictionInForce } from '../queries/predict-queries.js';
import { invoiceAmountHistogram, rfmGrid, type RfmGridCell } from '../queries/report-queries.js';
import { formatDay, formatDayRange, formatInstant } from '../text/date-format.js';
import { formatChange, formatCount, formatMoney, formatPercent, formatPoints, formatWholeMoney } from '../text/number-format.js';
import { campaignResults, endedSince, type CampaignResult } from '../campaigns/campaign-results.js';
import { compareRetention } from '../campaigns/cohort-retention.js';
import { biggestFlows, firstScored, isValuableLapse, LAPSING_SEGMENTS, VALUABLE_SEGMENTS, type SegmentMovement } from '../campaigns/segment-movement.js';
import { SEGMENT_COLOURS } from '../charts/segment-colours.js';

/**
 * The weekly marketing report: what it reads (collectWeeklyReportData), which charts it draws and the
 * view its template gets (pure), and the sections and phrases a finished PDF must hold.
 */
export const WEEKLY_TEMPLATE = 'weekly-report';
export const WEEKLY_SECTIONS = ['cover', 'kpis', 'monthly', 'customers', 'invoice-amounts', 'segments', 'movement', 'cohorts', 'campaign-results', 'products', 'countries', 'data-quality'] as const;
const HISTOGRAM_BINS = 30;

export interface WeeklyReportData {
  metrics: MetricsReport;
  /** From the lapse prediction, when there is enough history for one. */
  lapses?: { recentCustomers: number; expectedLapses: number };
  /** Set when the scores behind the lapse watch are older than the report's data. */
  predictionStale?: string;
  histogram: { start: number; end: number; invoices: number }[];
  grid: RfmGridCell[];
  /** Campaigns whose measurement window closed in the week up to the as-of. */
  campaigns: CampaignResult[];
}

export async function collectWeeklyReportData(db: Queryable, asOf?: LocalTimestamp, staleToleranceHours?: number): Promise<WeeklyReportData> {
  const metrics = await collectMetrics(db, asOf);
  const upper = metrics.invoiceAmounts.p85 ?? 0;
  const [bins, grid] = await Promise.all([
    upper > 0 ? invoiceAmountHistogram(db, metrics.asOf, upper, HISTOGRAM_BINS) : Promise.resolve([]),
    rfmGrid(db, metrics.asOf, segmentGrid()),
  ]);
  // Scores come from `lgs predict` or the load job, never from printing: read the run in force.
  const prediction = predictionStatus(await predictionInForce(db, metrics.asOf), metrics.asOf);
  const lapses = prediction.predicted ? await expectedLapses(db, metrics.asOf) : undefined;
  const campaigns = endedSince(await campaignResults(db, metrics.asOf, staleToleranceHours));
  return {
    metrics,
    predictionStale: prediction.staleNote,
    lapses: lapses && { recentCustomers: lapses.recent_customers, expectedLapses: lapses.expected_lapses },
    histogram: bins.map((b) => ({ start: b.bin_start, end: b.bin_end, invoices: b.invoices })),
    grid,
    campaigns,
  };
}

export function weeklyFileStem(data: WeeklyReportData): string {
  return `weekly-report_${data.metrics.weekly.weekStart}`;
}

/** What must be readable in the printed PDF: the title, the section headings and real numbers. */
export function weeklyExpectedPhrases(data: WeeklyReportData): string[] {
  const phrases = ['Weekly marketing report', 'This week at a glance', 'Monthly trends', 'Customer segments (RFM)', 'Segment movement', 'Cohort retention', 'Campaign results', 'Products', 'About the data.'];
  const top = data.metrics.topProducts[0];
  if (top) phrases.push(top.stockCode);
  return phrases;
}

const KPI_LABELS: Record<KpiName, { label: string; format: (value: number | null) => string; higherIsBetter: boolean }> = {
  sales: { label: 'Net sales', format: formatMoney, higherIsBetter: true },
  orders: { label: 'Orders', format: formatCount, higherIsBetter: true },
  averageOrderValue: { label: 'Average order value', format: formatMoney, higherIsBetter: true },
  cancellationRate: { label: 'Cancellation rate', format: formatPercent, higherIsBetter: false },
  activeCustomers: { label: 'Active customers', format: formatCount, higherIsBetter: true },
  newCustomers: { label: 'New customers', format: formatCount, higherIsBetter: true },
};

const segmentList = (names: readonly string[]) => `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

/** The movement section: biggest flows as sentences, the valuable customers slipping, new customers. */
export function movementView(movement: SegmentMovement) {
  const biggest = biggestFlows(movement, 3).map((c) => ({
    ...c,
    sentence: `${formatCount(c.customers)} customers from ${c.from} to ${c.to} (${formatWholeMoney(c.monetary)} of revenue to date)`,
  }));
  const slipping = movement.cells.filter(isValuableLapse);
  const slippingCustomers = slipping.reduce((sum, c) => sum + c.customers, 0);
  const slippingMoney = slipping.reduce((sum, c) => sum + Math.round(c.monetary * 100), 0) / 100;
  const since = formatDay(movement.from);
  return {
    since,
    biggest,
    biggestSentence: biggest.length
      ? `Biggest moves since ${since}: ${biggest.map((b) => b.sentence).join('; ')}.`
      : `No customer changed segment since ${since}.`,
    atStakeSentence: slippingCustomers
      ? `${formatCount(slippingCustomers)} customers who were ${segmentList(VALUABLE_SEGMENTS)} slipped to ${segmentList(LAPSING_SEGMENTS)}, with ${formatWholeMoney(slippingMoney)} of revenue to date at stake (red in the matrix); their segments' briefs list them first.`
      : `No ${segmentList(VALUABLE_SEGMENTS)} customer slipped to ${segmentList(LAPSING_SEGMENTS)}.`,
    firstScored: `${formatCount(firstScored(movement))} customers placed their first order (row "(new)").`,
    entered: movement.entered,
  };
}

const monthName = (mm: string) => formatDay(`2000-${mm}-01`).split(' ')[1];

/** The cohort section's one-line reading: month-3 retention of this year's cohorts against last year's. */
export function cohortReading(cohorts: MetricsReport['cohorts']): string {
  const comparison = compareRetention(cohorts, 3);
  if (!comparison) return 'Not enough history yet to compare cohorts with the year before.';
  const { thisYear, lastYear } = comparison;
  const months = thisYear.months.length === 1 ? monthName(thisYear.months[0]!) : `${monthName(thisYear.months[0]!)}–${monthName(thisYear.months.at(-1)!)}`;
  const difference = thisYear.rate - lastYear.rate;
  return `Three months after their first month, ${formatPercent(thisYear.rate)} of the customers who started in ${months} ${thisYear.year} ordered again, against ${formatPercent(lastYear.rate)} of those who started in the same months of ${lastYear.year} (${formatPoints(difference)}).`;
}

/** The campaign results section: each closed campaign's groups and uplift, formatted; one awaiting data says so. */
export function campaignResultsView(campaigns: readonly CampaignResult[]) {
  return campaigns.map((c) => {
    const u = c.uplift;
    const campaign = { segment: c.segment, sent: formatDay(c.asOf), window: formatDayRange(c.asOf.slice(0, 10), addDays(c.windowEnd, -1).slice(0, 10)) };
    if (c.status === 'awaiting data') {
      const none = { customers: '—', conversion: '—', perCustomer: '—' };
      const dataEnds = c.dataEndsAt ? `the data ends ${formatDay(c.dataEndsAt)}` : 'the warehouse holds no data';
      return {
        ...campaign,
        target: none,
        holdout: none,
        uplift: '—',
        interval: '',
        verdict: `awaiting data: ${dataEnds}; the results follow in lgs campaigns once a load covers the window`,
        includesZero: false,
      };
    }
    return {
      ...campaign,
      target: { customers: formatCount(c.target?.customers ?? 0), conversion: formatPercent(c.target?.conversion ?? null), perCustomer: formatMoney(c.target?.netSalesPerCustomer ?? null) },
      holdout: { customers: formatCount(c.holdout?.customers ?? 0), conversion: formatPercent(c.holdout?.conversion ?? null), perCustomer: formatMoney(c.holdout?.netSalesPerCustomer ?? null) },
      uplift: u ? formatPoints(u.points / 100) : '—',
      interval: u ? `${formatPoints(u.low / 100)} to ${formatPoints(u.high / 100)}` : '—',
      verdict: !u
        ? 'nothing to compare: a group is empty'
        : !u.reliable
          ? 'too few customers to judge'
          : u.includesZero
            ? 'includes zero: no measurable effect'
            : u.points > 0
              ? 'the campaign raised conversion'
              : 'the contacted converted less',
      includesZero: u?.includesZero ?? false,
    };
  });
}

function kpiTiles(metrics: MetricsReport) {
  const { current, previous, change } = metrics.weekly;
  return KPI_NAMES.map((name) => {
    const { label, format, higherIsBetter } = KPI_LABELS[name];
    const relative = change[name].relative;
    const absolute = change[name].absolute;
    const direction = absolute === null || absolute === 0 ? 0 : Math.sign(absolute);
    return {
      name,
      label,
      current: format(current[name]),
      previous: format(previous[name]),
      arrow: direction > 0 ? '▲' : direction < 0 ? '▼' : '■',
      // A rate's change is told in percentage points: "+0.4 pp", not "+22%" of a percentage.
      relative: RATE_KPIS.has(name) ? (absolute === null ? '—' : direction === 0 ? 'no change' : formatPoints(absolute)) : relative === null ? (direction === 0 ? 'no change' : 'new') : formatChange(relative),
      tone: direction === 0 ? 'flat' : (direction > 0) === higherIsBetter ? 'good' : 'bad',
    };
  });
}

/** The template's view of the data, given the rendered chart SVGs. Pure. */
export function weeklyView(data: WeeklyReportData, charts: Record<string, { name: string; svg: string }>) {
  const { metrics } = data;
  const week = metrics.weekly;
  const lastDay = addDays(week.weekEnd + 'T00:00:00', -1).slice(0, 10);
  const previousLastDay = addDays(week.weekStart + 'T00:00:00', -1).slice(0, 10);
  const partialMonth = metrics.monthly.find((m) => m.partial);
  const rejected = metrics.quality.rejectReasons.reduce((sum, reason) => sum + reason.lines, 0);
  return {
    title: `Weekly marketing report, week of ${formatDay(week.weekStart)}`,
    asOfLabel: formatInstant(metrics.asOf),
    week: {
      start: formatDay(week.weekStart),
      lastDay: formatDay(lastDay),
      label: formatDayRange(week.weekStart, lastDay),
      previousLabel: formatDayRange(week.previousWeekStart, previousLastDay),
    },
    kpis: kpiTiles(metrics),
    expectedLapses:
      data.lapses && data.lapses.recentCustomers > 0
        ? `Lapse watch: of the ${formatCount(data.lapses.recentCustomers)} customers who ordered in the last 90 days, about ${formatCount(Math.round(data.lapses.expectedLapses))} are expected not to order in the next 90 days. The segment briefs list whom to contact first.${data.predictionStale ? ` ${data.predictionStale}` : ''}`
        : undefined,
    charts,
    salesCaption: `Net sales (orders less cancellations) per month, with growth on the month before${partialMonth ? `; ${partialMonth.month} is partial (data to ${formatDay(metrics.quality.warehouse.lastInvoiceAt ?? metrics.asOf)})` : ''}.`,
    amountsCaption: `Order invoices by amount, up to the 85th percentile (${formatMoney(metrics.invoiceAmounts.p85)}); the largest orders reach ${formatMoney(metrics.invoiceAmounts.max)}.`,
    amounts: metrics.invoiceAmounts,
    rfm: {
      customers: metrics.rfm.customers,
      segments: metrics.rfm.segments.map((s) => ({ ...s, colour: SEGMENT_COLOURS[s.segment] })),
    },
    productPeriod: `${formatDayRange(metrics.periods.products.from.slice(0, 10), addDays(metrics.periods.products.to, -1).slice(0, 10))}`,
    countryPeriod: `${formatDayRange(metrics.periods.countries.from.slice(0, 10), addDays(metrics.periods.countries.to, -1).slice(0, 10))}`,
    movement: movementView(metrics.movement),
    cohortReading: cohortReading(metrics.cohorts),
    cohortCaption:
      "Share of each month's new customers (in brackets: how many) who ordered again 1, 2, 3 … months later, in percent; faded: the month is not complete yet." +
      (metrics.cohorts[0] ? ` The first row, ${formatDay(metrics.cohorts[0].cohort + '-01').replace(/^1 /, '')}, also holds every customer already buying when the data starts, so it retains more.` : ''),
    campaigns: campaignResultsView(data.campaigns),
    topProducts: metrics.topProducts,
    mostCancelledProducts: metrics.mostCancelledProducts,
    countries: metrics.countries.slice(0, 10),
    quality: {
      ...metrics.quality,
      firstDay: metrics.quality.warehouse.firstInvoiceAt ? formatDay(metrics.quality.warehouse.firstInvoiceAt) : '—',
      lastDay: metrics.quality.warehouse.lastInvoiceAt ? formatDay(metrics.quality.warehouse.lastInvoiceAt) : '—',
      rejectedLines: rejected,
    },
  };
}
