import { addDays, type LocalTimestamp } from '../metrics/as-of.js';
import type { SegmentName } from '../metrics/rfm-segments.js';
import { formatDay } from '../text/date-format.js';
import { formatCount, formatPercent, formatWholeMoney } from '../text/number-format.js';

/**
 * The campaign plan of a brief, built from the segment's own data (pure): when to send, what to feature,
 * the offer, the money at stake and how the result will be measured, each as a sentence, and the whole as
 * the one paragraph the brief and its e-mail lead with.
 */
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The offer, in the spirit of each segment's action; `{product}` is the segment's first featured product. */
const OFFERS: Record<SegmentName, string> = {
  Champions: 'Thank them: early access to the new lines next to {product}, a small gift with the next order, and a request for a review or a referral.',
  'Loyal Customers': 'A bulk-buy price break on {product} and the lines bought with it, and an invitation to the loyalty programme.',
  'Potential Loyalists': 'Invite them to the loyalty scheme with a member price on {product} and the products bought with it.',
  'New Customers': 'A welcome series ending in a second-order incentive: free delivery on a reorder of {product}.',
  Promising: 'Free delivery on the next order, with {product} as the pick of the month.',
  'Need Attention': 'A limited-time offer on {product}, ending with the measurement window, plus one line they have not tried.',
  'About to Sleep': 'A limited-time offer on popular lines such as {product} to reconnect before they lapse.',
  'At Risk': 'A personal "we miss you" promotion on what they used to buy, led by {product}, valid for two weeks.',
  "Can't Lose": 'A call from the account team with a win-back offer on {product}; ask why they ordered less.',
  Hibernating: 'A time-limited discount on best-sellers such as {product}; leave them out of costly campaigns if they do not respond.',
};

export interface OrderTime {
  weekday: number;
  hour: number;
  orders: number;
}

export interface FeaturedProduct {
  stockCode: string;
  description: string;
  sales: number;
  buyers: number;
}

export interface ProductPair {
  first: string;
  second: string;
  invoices: number;
}

export interface PlanInput {
  segment: SegmentName;
  asOf: LocalTimestamp;
  movementFrom: LocalTimestamp;
  customers: number;
  entered: number;
  /** Sum of the entered customers' expected 12-month spend; null without a prediction. */
  enteredExpectedSpend: number | null;
  orderTimes: readonly OrderTime[];
  feature: { days: number; products: readonly FeaturedProduct[]; pairs: readonly ProductPair[] };
  sales12m: number;
  campaign?: { target: number; holdout: number; holdoutShare: number; windowEnd: LocalTimestamp };
}

export interface SendTime {
  weekday: string;
  weekdayShare: number;
  /** The busiest ordering hour (its start, 0–23) and the hour to send: one before it, to be read first. */
  peakHour: number;
  sendHour: number;
  hourShare: number;
}

/** Below this many held-out customers a typical uplift of a few points cannot be told from chance. */
const SMALL_HOLDOUT = 30;

const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export function sendTime(times: readonly OrderTime[]): SendTime | null {
  const total = times.reduce((sum, t) => sum + t.orders, 0);
  if (total === 0) return null;
  const byWeekday = new Map<number, number>();
  const byHour = new Map<number, number>();
  for (const t of times) {
    byWeekday.set(t.weekday, (byWeekday.get(t.weekday) ?? 0) + t.orders);
    byHour.set(t.hour, (byHour.get(t.hour) ?? 0) + t.orders);
  }
  // Ties go to the earlier day and hour, so the plan is the same on every print.
  const top = (counts: Map<number, number>) => [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  const [weekday, weekdayOrders] = top(byWeekday);
  const [peakHour, hourOrders] = top(byHour);
  return { weekday: WEEKDAYS[weekday - 1]!, weekdayShare: weekdayOrders / total, peakHour, sendHour: Math.max(0, peakHour - 1), hourShare: hourOrders / total };
}

const list = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const productName = (description: string, stockCode: string) => (description.trim() ? `${description.trim().toLowerCase()} (${stockCode})` : stockCode);

export function campaignPlan(input: PlanInput) {
  const when = sendTime(input.orderTimes);
  const whenText = when
    ? `Send on ${when.weekday} at ${hourLabel(when.sendHour)}: ${formatPercent(when.weekdayShare)} of this segment's orders are placed on ${when.weekday}s and ${formatPercent(when.hourShare)} between ${hourLabel(when.peakHour)} and ${hourLabel(when.peakHour + 1)}, so the message arrives just before they usually order.`
    : 'Send on a weekday morning: this segment has no orders to learn its habits from.';

  const products = input.feature.products.slice(0, 3);
  const lead = products[0];
  const featureText = products.length
    ? `Feature ${list(products.map((p) => productName(p.description, p.stockCode)))}, their best sellers of the last ${input.feature.days} days` +
      (input.feature.pairs[0] ? `; ${input.feature.pairs[0].first.trim().toLowerCase()} and ${input.feature.pairs[0].second.trim().toLowerCase()} were bought together on ${formatCount(input.feature.pairs[0].invoices)} of their orders, a natural bundle.` : '.')
    : 'Feature the shop\'s current best sellers: this segment bought no merchandise in the last year.';

  const offer = OFFERS[input.segment].replace('{product}', lead ? lead.description.trim().toLowerCase() || lead.stockCode : 'the current best sellers');

  const atStakeText =
    `At stake: ${formatWholeMoney(input.sales12m)} of net sales from this segment in the last 12 months` +
    (input.enteredExpectedSpend !== null && input.entered > 0
      ? `; the ${formatCount(input.entered)} customers who entered it since ${formatDay(input.movementFrom)} are expected to spend ${formatWholeMoney(input.enteredExpectedSpend)} in the next 12 months.`
      : '.');

  const campaign = input.campaign;
  const lastDay = campaign ? formatDay(addDays(campaign.windowEnd, -1)) : undefined;
  const measurementText = campaign
    ? `Measured against a hold-out: ${formatCount(campaign.holdout)} of the ${formatCount(campaign.holdout + campaign.target)} customers (each drawn at random with a ${formatPercent(campaign.holdoutShare)} chance) are not contacted, so the orders of the ${formatCount(campaign.target)} contacted can be compared with theirs; the result is reported after ${lastDay}.` +
      (campaign.holdout < SMALL_HOLDOUT ? ` With only ${formatCount(campaign.holdout)} held out, only a large difference will be measurable.` : '')
    : 'No customers, so nothing to measure.';

  return {
    when,
    whenText,
    feature: { days: input.feature.days, products, pairs: input.feature.pairs },
    featureText,
    offer,
    atStakeText,
    measurementText,
    windowLastDay: lastDay,
    /** One line for the top of the brief: whom to send what, when, and who is held out. */
    headline: campaign
      ? `Send to the ${formatCount(campaign.target)} target customers${when ? ` on ${when.weekday} at ${hourLabel(when.sendHour)}` : ''}; ${formatCount(campaign.holdout)} are held out to measure the result after ${lastDay}.`
      : undefined,
    paragraph: [whenText, featureText, `Offer: ${offer}`, atStakeText, measurementText].join(' '),
  };
}
export type CampaignPlan = ReturnType<typeof campaignPlan>;
