import type { Queryable } from '../db/database.js';
import { SEGMENT_COLOURS } from '../charts/segment-colours.js';
import { addDays, type LocalTimestamp } from '../metrics/as-of.js';
import { resolveAsOf } from '../metrics/collect-metrics.js';
import { shapeSegments, type SegmentMetrics } from '../metrics/metrics-report.js';
import { SEGMENT_NAMES, SEGMENT_RULES, segmentGrid, type SegmentName } from '../metrics/rfm-segments.js';
import { dataWindow, rfmCustomers, type RfmCustomerRow } from '../queries/metric-queries.js';
import { segmentTable } from '../queries/campaign-queries.js';
import { segmentCountries, segmentProducts, type SegmentCountryRow, type SegmentProductRow } from '../queries/report-queries.js';
import { predictionStatus, type PredictionStatus } from '../predict/prediction-status.js';
import { predictionInForce } from '../queries/predict-queries.js';
import { collectBriefRecommendations, mostRecommended, recommendedCodes, type BriefRecommendations } from '../recommend/brief-recommendations.js';
import { formatDay, formatDayRange, formatInstant } from '../text/date-format.js';
import { slug } from './report-artifact.js';
import { collectBriefCampaignData, collectFeaturePeriods, featuresRecentDays, type BriefCampaignData } from '../campaigns/brief-campaign-data.js';
import { campaignPlan } from '../campaigns/campaign-plan.js';
import { groupOf, type Campaign } from '../campaigns/open-campaign.js';
import type { BriefCustomerRow } from './customer-csv.js';

/**
 * The campaign brief of one RFM segment: who they are, what they buy, where they are, what to do, and
 * the customer list as CSV. Data for all segments is read once; each brief's view is built from it (pure).
 */
export const BRIEF_TEMPLATE = 'segment-brief';
export const BRIEF_SECTIONS = ['cover', 'campaign', 'who', 'products', 'countries', 'customers'] as const;
const PRODUCTS_PER_SEGMENT = 10;
const TOP_CUSTOMERS = 15;
const COUNTRIES_PER_SEGMENT = 10;

export interface SegmentBriefData {
  asOf: LocalTimestamp;
  productPeriod: { from: LocalTimestamp; to: LocalTimestamp };
  segments: SegmentMetrics[];
  overall: { recencyMean: number | null; frequencyMean: number | null; monetaryMean: number | null };
  customers: RfmCustomerRow[];
  /** Whether lapse predictions exist for the as-of (too little history before it: none). */
  predicted: boolean;
  /** Whether the scores are older than the data, and which spend figure they hold. */
  prediction: PredictionStatus;
  products: SegmentProductRow[];
  countries: SegmentCountryRow[];
  /** Stored product recommendations (lgs recommend) for the as-of, with a note when older than the data. */
  recommendations: BriefRecommendations;
  /** Movement, order times, recent products and sales the campaign plan is built from. */
  campaign: BriefCampaignData;
}

/** What a segment buys is read over its customers' whole history, from the data's first day to the as-of. */
async function briefProductPeriod(db: Queryable, asOf: LocalTimestamp): Promise<{ from: LocalTimestamp; to: LocalTimestamp }> {
  // A lapsed segment's campaign is built on what they bought while they were active, which a recent
  // window would not show.
  const [window] = await dataWindow(db);
  return { from: (window?.first_invoice_at ?? asOf).slice(0, 10) + 'T00:00:00', to: asOf };
}

/**
 * The brief reads that aggregate every line of a segment's customers (each segment's products over the
 * whole history, and the campaign plan's featured products and pairs), exactly as collectSegmentBriefData
 * asks for them: what the scoring step stores (stored-brief-reads.ts).
 */
export async function readBriefLineAggregates(db: Queryable, asOf: LocalTimestamp): Promise<void> {
  const grid = segmentGrid();
  const productPeriod = await briefProductPeriod(db, asOf);
  await Promise.all([collectFeaturePeriods(db, asOf, grid), segmentProducts(db, asOf, grid, productPeriod.from, PRODUCTS_PER_SEGMENT)]);
}

export async function collectSegmentBriefData(db: Queryable, requestedAsOf?: LocalTimestamp): Promise<SegmentBriefData> {
  const asOf = await resolveAsOf(db, requestedAsOf);
  const grid = segmentGrid();
  const productPeriod = await briefProductPeriod(db, asOf);
  const prediction = predictionStatus(await predictionInForce(db, asOf), asOf);
  // Longest first (brief-campaign-data.ts's chains, then the whole history's products): the snapshot's
  // connections take the queries in the order they are asked. (Each storable read first asks the store, so
  // on a miss the long ones queue behind that round trip: no cost measured at 1×.)
  const [campaign, products, segmentRows, customers, countries, recommendations] = await Promise.all([
    collectBriefCampaignData(db, asOf, grid),
    segmentProducts(db, asOf, grid, productPeriod.from, PRODUCTS_PER_SEGMENT),
    segmentTable(db, asOf, grid),
    rfmCustomers(db, asOf, grid),
    segmentCountries(db, asOf, grid),
    collectBriefRecommendations(db, asOf),
  ]);
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  return {
    asOf,
    productPeriod,
    segments: shapeSegments(segmentRows).segments,
    overall: {
      recencyMean: mean(customers.map((c) => c.recency_days)),
      frequencyMean: mean(customers.map((c) => c.frequency)),
      monetaryMean: mean(customers.map((c) => c.monetary)),
    },
    customers,
    predicted: prediction.predicted,
    prediction,
    products,
    countries,
    recommendations,
    campaign,
  };
}

/** Accepts a segment name in any case, or its slug ("cant-lose"); undefined when unknown. */
export function findSegment(name: string): SegmentName | undefined {
  const wanted = slug(name);
  return SEGMENT_NAMES.find((segment) => slug(segment) === wanted);
}

export function briefFileStem(data: SegmentBriefData, segment: SegmentName): string {
  return `segment-brief_${data.asOf.slice(0, 10)}_${slug(segment)}`;
}

export function briefExpectedPhrases(segment: SegmentName): string[] {
  return ['Campaign brief', segment, 'Entered this segment since', 'Who they are', 'Recommended campaign', 'What they buy', 'Where they are'];
}

/**
 * Each customer's recommended codes, grouped once per read of the data: every brief asks for its customers
 * several times (list, plan, view), and grouping every stored recommendation each time was a tenth of
 * Node's time in the ten briefs.
 */
const codesByRecommendations = new WeakMap<BriefRecommendations, Map<number, string[]>>();
function recommendedCodesOf(recommendations: BriefRecommendations): Map<number, string[]> {
  let codes = codesByRecommendations.get(recommendations);
  if (!codes) codesByRecommendations.set(recommendations, (codes = recommendedCodes(recommendations)));
  return codes;
}

/** The segment's customers, each with their recommended stock codes (empty when none are stored). */
export function segmentCustomers(data: SegmentBriefData, segment: SegmentName): (RfmCustomerRow & { recommended_products: string[] })[] {
  const recommended = recommendedCodesOf(data.recommendations);
  return data.customers
    .filter((customer) => customer.segment === segment)
    .map((customer) => ({ ...customer, recommended_products: recommended.get(customer.customer_id) ?? [] }));
}

const MOST_RECOMMENDED = 10;

/** Whether a customer of `segment` at the as-of was in another segment (or none) 28 days before. */
export function enteredSegment(data: SegmentBriefData, customerId: number, segment: SegmentName): boolean {
  return data.campaign.previousSegment.get(customerId) !== segment;
}

/** The brief's customer list: each customer of the segment, marked entered or not, with the campaign group. */
export function briefCustomers(data: SegmentBriefData, segment: SegmentName, campaign: Campaign | undefined): BriefCustomerRow[] {
  return segmentCustomers(data, segment).map((c) => ({
    ...c,
    entered: enteredSegment(data, c.customer_id, segment),
    group: campaign ? groupOf(campaign, c.customer_id) : 'target',
  }));
}

/** The campaign plan of one segment, from its own data (see campaign-plan.ts). */
export function briefPlan(data: SegmentBriefData, segment: SegmentName, campaign: Campaign | undefined) {
  const customers = segmentCustomers(data, segment);
  const entered = customers.filter((c) => enteredSegment(data, c.customer_id, segment));
  const recent = featuresRecentDays(data.campaign.recent.products.filter((p) => p.segment === segment)) ? data.campaign.recent : data.campaign.fallback;
  return campaignPlan({
    segment,
    asOf: data.asOf,
    movementFrom: data.campaign.movementFrom,
    customers: customers.length,
    entered: entered.length,
    enteredExpectedSpend: data.predicted ? entered.reduce((sum, c) => sum + (c.expected_spend_12m ?? 0), 0) : null,
    orderTimes: data.campaign.orderTimes.filter((t) => t.segment === segment),
    feature: {
      days: recent.days,
      products: recent.products.filter((p) => p.segment === segment).map((p) => ({ stockCode: p.stock_code, description: p.description, sales: p.sales, buyers: p.buyers })),
      pairs: recent.pairs.filter((p) => p.segment === segment).map((p) => ({ first: p.first_description || p.first_code, second: p.second_description || p.second_code, invoices: p.invoices })),
    },
    sales12m: data.campaign.sales12m.get(segment) ?? 0,
    campaign: campaign && { target: campaign.target, holdout: campaign.holdout, holdoutShare: campaign.holdoutShare, windowEnd: campaign.windowEnd },
  });
}

export function segmentProductsOf(data: SegmentBriefData, segment: SegmentName) {
  return data.products
    .filter((row) => row.segment === segment)
    .map((row) => ({ stockCode: row.stock_code, description: row.description, quantity: row.quantity, sales: row.sales, buyers: row.buyers }));
}

const CONTACT_FIRST = 10;

/**
 * Whom to call first: the customers with the most revenue at risk, i.e. revenue to date times the
 * predicted chance of not ordering in the next 90 days.
 */
export function contactFirst(customers: readonly RfmCustomerRow[]) {
  return customers
    .filter((c) => c.order_probability_90d !== null)
    .map((c) => ({ ...c, valueAtRisk: c.monetary * (1 - c.order_probability_90d!) }))
    .sort((a, b) => b.valueAtRisk - a.valueAtRisk || a.customer_id - b.customer_id)
    .slice(0, CONTACT_FIRST)
    .map((c) => ({
      customerId: c.customer_id,
      country: c.country,
      monetary: c.monetary,
      probability: c.order_probability_90d,
      expectedSpend: c.expected_spend_12m,
      valueAtRisk: c.valueAtRisk,
    }));
}

const range = ([low, high]: readonly [number, number]) => (low === high ? String(low) : `${low}–${high}`);

/** The template's view of one segment's brief, given its rendered chart SVGs. Pure. */
export function briefView(data: SegmentBriefData, segment: SegmentName, charts: Record<string, { name: string; svg: string }>, csvFile: string, campaign?: Campaign) {
  const metrics = data.segments.find((s) => s.segment === segment)!;
  const rule = SEGMENT_RULES.find((r) => r.segment === segment)!;
  const customers = segmentCustomers(data, segment);
  const plan = briefPlan(data, segment, campaign);
  const contactable = campaign ? customers.filter((c) => groupOf(campaign, c.customer_id) === 'target') : customers;
  return {
    entered: {
      since: formatDay(data.campaign.movementFrom),
      customers: customers.filter((c) => enteredSegment(data, c.customer_id, segment)).length,
    },
    plan,
    campaign: campaign && { target: campaign.target, holdout: campaign.holdout, share: campaign.holdoutShare, windowLastDay: plan.windowLastDay },
    title: `Campaign brief: ${segment}`,
    asOfLabel: formatInstant(data.asOf),
    segment: { ...metrics, colour: SEGMENT_COLOURS[segment] },
    overall: data.overall,
    rule: { r: range(rule.r), f: range(rule.f) },
    charts,
    csvFile,
    productPeriod: formatDayRange(data.productPeriod.from.slice(0, 10), addDays(data.productPeriod.to, -1).slice(0, 10)),
    products: segmentProductsOf(data, segment),
    countries: data.countries.filter((row) => row.segment === segment).slice(0, COUNTRIES_PER_SEGMENT),
    predicted: data.predicted,
    predictionStale: data.prediction.staleNote,
    spendNote: data.prediction.spendNote,
    spendHeading: data.prediction.spendHeading,
    recommended: {
      products: mostRecommended(data.recommendations, customers.map((c) => c.customer_id), MOST_RECOMMENDED),
      learntAt: data.recommendations.learntAt === null ? null : formatInstant(data.recommendations.learntAt),
      staleness: data.recommendations.staleness,
    },
    // The hold-out must not be contacted: the lists of whom to call name target customers only.
    contactFirst: contactFirst(contactable),
    topCustomers: [...contactable]
      .sort((a, b) => b.monetary - a.monetary || a.customer_id - b.customer_id)
      .slice(0, TOP_CUSTOMERS)
      .map((c) => ({ customerId: c.customer_id, country: c.country, recencyDays: c.recency_days, frequency: c.frequency, monetary: c.monetary, r: c.r, f: c.f, m: c.m })),
  };
}
