/**
 * The only module that chains the report steps:
 *
 *   1. queries   collect*Data(db)            rows for one as-of instant
 *   2. charts    *Chart(rows) -> spec -> SVG every chart must have marks
 *   3. template  view(data, charts) -> HTML  every expected section must be there
 *   4. pdf       printPdf(browser, HTML)      A4, in a shared browser, under a time limit
 *   5. verify    extractPdfText(PDF)          the PDF must hold text and the key phrases
 *
 * Step 1 reads in one read-only REPEATABLE READ snapshot (holding its tables against TRUNCATE and DDL:
 * sql/report/hold_warehouse.sql), so a load committing meanwhile cannot give a report half of each state
 * (segment sizes that disagree with the customer list). Predictions are never computed here
 * (that is `lgs predict` or the load job): a report reads the run in force and says when it is older
 * than its data.
 *
 * It returns documents in memory; delivery (files, archive, mail) is the caller's.
 */
import type { TopLevelSpec } from 'vega-lite';
import { mapWithLimit } from '../async/map-with-limit.js';
import { activeCustomersChart } from '../charts/active-customers-chart.js';
import { countrySalesChart } from '../charts/country-sales-chart.js';
import { invoiceAmountChart } from '../charts/invoice-amount-chart.js';
import { monthlyOrdersChart } from '../charts/monthly-orders-chart.js';
import { monthlySalesChart } from '../charts/monthly-sales-chart.js';
import { newExistingChart } from '../charts/new-existing-chart.js';
import { recencyFrequencyGridChart } from '../charts/recency-frequency-grid-chart.js';
import { renderCheckedSvg } from '../charts/render-svg.js';
import { cohortRetentionChart } from '../charts/cohort-retention-chart.js';
import { movementMatrixChart } from '../charts/movement-matrix-chart.js';
import { svgToPng } from '../charts/render-png.js';
import { openCampaign, type CampaignOptions } from '../campaigns/open-campaign.js';
import { segmentDonutChart } from '../charts/segment-donut-chart.js';
import { segmentProfileChart } from '../charts/segment-profile-chart.js';
import { topProductsChart } from '../charts/top-products-chart.js';
import type { Database, Queryable } from '../db/database.js';
import type { Logger } from '../log.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { resolveAsOf } from '../metrics/collect-metrics.js';
import { sqlFile } from '../queries/sql-files.js';
import type { ProductMetrics } from '../metrics/metrics-report.js';
import { SEGMENT_NAMES, type SegmentName } from '../metrics/rfm-segments.js';
import { extractPdfText } from '../pdf/pdf-text.js';
import { printPdf, PrintPages } from '../pdf/print-pdf.js';
import { PdfPrintError } from '../errors.js';
import type { SharedBrowser } from '../pdf/shared-browser.js';
import type { TemplateRenderer } from '../render/template-renderer.js';
import { formatCount, formatMoney } from '../text/number-format.js';
import { customersCsv } from './customer-csv.js';
import { slug, type ReportDocument } from './report-artifact.js';
import { holdsExpectedText, verifyPdfText, verifySections } from './report-verification.js';
import {
  BRIEF_SECTIONS,
  BRIEF_TEMPLATE,
  briefExpectedPhrases,
  briefFileStem,
  briefCustomers,
  briefView,
  collectSegmentBriefData,
  segmentProductsOf,
  type SegmentBriefData,
} from './segment-brief.js';
import {
  collectWeeklyReportData,
  WEEKLY_SECTIONS,
  WEEKLY_TEMPLATE,
  weeklyExpectedPhrases,
  weeklyFileStem,
  weeklyView,
} from './weekly-report.js';

export interface ReportServices {
  db: Database;
  renderer: TemplateRenderer;
  browser: SharedBrowser;
  log?: Logger;
  printTimeoutMs?: number;
  /** Documents printed at once on the shared browser (pages in parallel); 1 prints one after another. */
  printConcurrency?: number;
  /** How far the data may trail a campaign window's end for its results to count (LGS_STALE_TOLERANCE_HOURS). */
  staleToleranceHours?: number;
}

/** Pages in parallel when nothing says otherwise: Chromium lays out one while we chart and check another. */
const DEFAULT_PRINT_CONCURRENCY = 4;
/** Reads a report's data for one as-of in one snapshot (see the top of this file). */
async function readConsistently<T>(db: Database, requestedAsOf: LocalTimestamp | undefined, collect: (tx: Queryable, asOf: LocalTimestamp) => Promise<T>): Promise<T> {
  const asOf = await resolveAsOf(db, requestedAsOf);
  return db.readSnapshot(async (tx) => {
    await tx.exec(sqlFile('report/hold_warehouse'), 'report/hold_warehouse');
    return collect(tx, asOf);
  });
}

/**
 * Starts the shared browser while the data is read: a launch takes a few hundred milliseconds that would
 * otherwise come after the queries. A launch that fails is reported by the first print that needs it.
 */
function warmBrowser(services: ReportServices): void {
  services.browser.get().catch(() => undefined);
}

type RenderedCharts = Record<string, { name: string; svg: string }>;

async function renderCharts(document: string, specs: Record<string, TopLevelSpec>): Promise<RenderedCharts> {
  const entries = await Promise.all(
    Object.entries(specs).map(async ([key, spec]) => [key, { name: key, svg: await renderCheckedSvg(`${document}: chart ${key}`, spec) }] as const),
  );
  return Object.fromEntries(entries);
}

interface PrintRequest {
  title: string;
  /** The as-of: written as the PDF's date so that printing a period again gives the same bytes. */
  asOf: string;
  fileStem: string;
  html: string;
  sections: readonly string[];
  phrases: readonly string[];
  headerTitle: string;
  headerDate: string;
}

async function printVerified(services: ReportServices, request: PrintRequest, pages?: PrintPages): Promise<Omit<ReportDocument, 'attachments' | 'segment' | 'summary'>> {
  verifySections(request.title, request.html, request.sections);
  const started = performance.now();
  const browser = await services.browser.get();
  const pdf = await printPdf(browser, request.html, {
    document: request.title,
    headerTitle: request.headerTitle,
    headerDate: request.headerDate,
    documentDate: request.asOf,
    timeoutMs: services.printTimeoutMs,
    pages,
  }).catch(async (error: unknown) => {
    // A browser that let a print time out may be wedged, and a dead one is no use: the next print gets a new one.
    if (!browser.connected || (error instanceof PdfPrintError && error.context.timedOut)) await services.browser.discard(browser);
    throw error;
  });
  const text = await extractPdfText(pdf, (soFar) => holdsExpectedText(soFar, request.phrases));
  verifyPdfText(request.title, text, request.phrases);
  services.log?.info({ document: request.title, pages: text.pages, bytes: pdf.length, printMs: Math.round(performance.now() - started) }, 'report printed');
  return {
    title: request.title,
    pdf: { fileName: `${request.fileStem}.pdf`, contentType: 'application/pdf', bytes: pdf },
    html: { fileName: `${request.fileStem}.html`, contentType: 'text/html', bytes: Buffer.from(request.html) },
    pages: text.pages,
  };
}

export async function produceWeeklyReport(services: ReportServices, asOf?: LocalTimestamp): Promise<ReportDocument> {
  warmBrowser(services);
  const data = await readConsistently(services.db, asOf, (tx, at) => collectWeeklyReportData(tx, at, services.staleToleranceHours));
  const { metrics } = data;
  const title = `weekly report ${metrics.weekly.weekStart}`;
  const specs: Record<string, TopLevelSpec> = {
    monthlySales: monthlySalesChart(metrics.monthly),
    monthlyOrders: monthlyOrdersChart(metrics.monthly),
    activeCustomers: activeCustomersChart(metrics.monthly),
    newExisting: newExistingChart(metrics.monthly),
    segmentDonut: segmentDonutChart(metrics.rfm.segments),
    recencyFrequencyGrid: recencyFrequencyGridChart(data.grid),
  };
  // Weeks without sales happen (holidays, a quiet warehouse): those sections print a sentence instead of
  // a blank chart, and the report still goes out.
  if (data.histogram.some((bin) => bin.invoices > 0)) specs.invoiceAmounts = invoiceAmountChart(data.histogram, metrics.invoiceAmounts);
  if (metrics.topProducts.length > 0) specs.topProducts = topProductsChart(metrics.topProducts, 'sales');
  if (metrics.countries.length > 0) specs.countrySales = countrySalesChart(metrics.countries);
  if (metrics.movement.cells.length > 0) specs.movementMatrix = movementMatrixChart(metrics.movement.cells);
  if (metrics.cohorts.length > 0) specs.cohortRetention = cohortRetentionChart(metrics.cohorts);
  const charts = await renderCharts(title, specs);
  const view = weeklyView(data, charts);
  const document = await printVerified(services, {
    title,
    asOf: metrics.asOf,
    fileStem: weeklyFileStem(data),
    html: services.renderer.render(WEEKLY_TEMPLATE, view),
    sections: WEEKLY_SECTIONS,
    phrases: weeklyExpectedPhrases(data),
    headerTitle: 'London Gift Shop · Weekly marketing report',
    headerDate: `Week of ${view.week.label}`,
  });
  const kpis = view.kpis.map(({ label, current, previous, arrow, relative }) => ({ label, current, previous, arrow, relative }));
  // The e-mail shows the report's headline chart inline: the same spec's SVG, as PNG (archived with the PDF
  // so a resent message carries the same picture).
  const headline: ReportDocument['pdf'] = { fileName: `${weeklyFileStem(data)}_headline-chart.png`, contentType: 'image/png', bytes: svgToPng(charts.monthlySales!.svg) };
  return {
    ...document,
    attachments: [headline],
    summary: { kind: 'weekly', weekLabel: view.week.label, asOfLabel: view.asOfLabel, kpis, headline: view.salesCaption, movements: view.movement.biggest.map((m) => m.sentence) },
  };
}

async function produceBrief(services: ReportServices, data: SegmentBriefData, segment: SegmentName, pages: PrintPages, campaignOptions?: CampaignOptions): Promise<ReportDocument> {
  const title = `segment brief ${segment} ${data.asOf.slice(0, 10)}`;
  const stem = briefFileStem(data, segment);
  const metrics = data.segments.find((s) => s.segment === segment)!;
  const products = segmentProductsOf(data, segment);
  const specs: Record<string, TopLevelSpec> = {};
  // Empty segments print without charts rather than with blank ones.
  if (metrics.customers > 0) specs.profile = segmentProfileChart(metrics, data.segments);
  if (products.length > 0) {
    specs.products = topProductsChart(
      products.map((p): ProductMetrics => ({ ...p, orderLines: 0, cancellationLines: 0, cancelledQuantity: 0 })),
      'sales',
    );
  }
  const charts = await renderCharts(title, specs);
  // The brief is a campaign: the first print draws and stores its hold-out, every later print reads it.
  const members = briefCustomers(data, segment, undefined);
  const campaign = members.length === 0 ? undefined
    : await openCampaign(services.db, { name: segment, slug: slug(segment) }, data.asOf, members.map((m) => ({ customerId: m.customer_id, entered: m.entered })), campaignOptions);
  const csv: ReportDocument['pdf'] = { fileName: `${stem}.csv`, contentType: 'text/csv', bytes: Buffer.from(customersCsv(briefCustomers(data, segment, campaign))) };
  const view = briefView(data, segment, charts, csv.fileName, campaign);
  const document = await printVerified(services, {
    title,
    asOf: data.asOf,
    fileStem: stem,
    html: services.renderer.render(BRIEF_TEMPLATE, view),
    sections: BRIEF_SECTIONS,
    phrases: briefExpectedPhrases(segment),
    headerTitle: `London Gift Shop · Campaign brief: ${segment}`,
    headerDate: `As of ${view.asOfLabel}`,
  }, pages);
  const summary = {
    kind: 'segment' as const,
    asOfLabel: view.asOfLabel,
    name: segment,
    customerCount: metrics.customers,
    customers: formatCount(metrics.customers),
    revenue: formatMoney(metrics.monetary),
    action: metrics.action,
    entered: formatCount(view.entered.customers),
    enteredSince: view.entered.since,
    plan: view.plan.paragraph,
  };
  return { ...document, segment, attachments: [csv], summary };
}

/**
 * One brief per segment asked for (all ten by default), in the order asked: one read of the data shared by
 * all, printed a few at a time on the one browser (services.printConcurrency pages at once), in pages
 * opened while the data is read and reused from one brief to the next.
 */
export async function produceSegmentBriefs(
  services: ReportServices,
  options: { asOf?: LocalTimestamp; segments?: readonly SegmentName[]; campaign?: CampaignOptions } = {},
): Promise<ReportDocument[]> {
  const segments = options.segments ?? SEGMENT_NAMES;
  const concurrency = services.printConcurrency ?? DEFAULT_PRINT_CONCURRENCY;
  const pages = new PrintPages();
  // A launch or page that fails here is reported by the first print that needs it.
  const opening = services.browser.get().then((browser) => pages.open(browser, Math.min(concurrency, segments.length)), () => undefined);
  try {
    const data = await readConsistently(services.db, options.asOf, collectSegmentBriefData);
    return await mapWithLimit(segments, concurrency, (segment) => produceBrief(services, data, segment, pages, options.campaign));
  } finally {
    await opening;
    await pages.close();
  }
}
