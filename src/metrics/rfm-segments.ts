/**
 * RFM segment rules and the marketing action for each segment: pure data and functions, no I/O.
 * SQL scores customers (rfm_scores); the (r, f) grid built here names their segment.
 */
/**
 * The segment meant by `name` in any case, spacing or punctuation ("at risk", "AT-RISK", "cant lose",
 * "Can't Lose"); undefined when it names none. Config files and the command line both accept these.
 */
export function segmentNamed(name: string): SegmentName | undefined {
  const key = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SEGMENT_NAMES.find((segment) => key(segment) === key(name));
}

export const SEGMENT_NAMES = [
  'Champions',
  'Loyal Customers',
  'Potential Loyalists',
  'New Customers',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose",
  'Hibernating',
] as const;
export type SegmentName = (typeof SEGMENT_NAMES)[number];

export interface SegmentRule {
  readonly segment: SegmentName;
  /** Inclusive ranges of the recency and frequency scores (1..5). */
  readonly r: readonly [number, number];
  readonly f: readonly [number, number];
  readonly action: string;
}

export const SEGMENT_RULES: readonly SegmentRule[] = [
  { segment: 'Hibernating', r: [1, 2], f: [1, 2], action: 'Offer a time-limited discount on best-selling lines to re-activate them; drop from costly campaigns if they do not respond.' },
  { segment: 'At Risk', r: [1, 2], f: [3, 4], action: 'Send personalised promotions built on what they used to buy to bring them back, before they are lost.' },
  { segment: "Can't Lose", r: [1, 2], f: [5, 5], action: 'Win them back with special offers and a personal call from the account team; find out why they slowed down.' },
  { segment: 'About to Sleep', r: [3, 3], f: [1, 2], action: 'Recommend popular products and share limited-time offers to reconnect before they lapse.' },
  { segment: 'Need Attention', r: [3, 3], f: [3, 3], action: 'Make a limited-time offer based on their purchase history; recommend products they have not tried.' },
  { segment: 'Loyal Customers', r: [3, 4], f: [4, 5], action: 'Upsell higher-value and bulk lines, ask for reviews, and enrol them in a loyalty programme.' },
  { segment: 'Promising', r: [4, 4], f: [1, 1], action: 'Build the relationship: welcome-back offers, free delivery on the next order, brand story content.' },
  { segment: 'Potential Loyalists', r: [4, 5], f: [2, 3], action: 'Offer membership or a loyalty scheme and recommend related products to turn them into regulars.' },
  { segment: 'New Customers', r: [5, 5], f: [1, 1], action: 'Onboard them: a welcome series, easy reordering, and an incentive for the second order.' },
  { segment: 'Champions', r: [5, 5], f: [4, 5], action: 'Reward them: early access to new products, ask for reviews and referrals; they can become promoters.' },
];

const within = (score: number, [low, high]: readonly [number, number]) => score >= low && score <= high;

/** The segment of a customer with recency score r and frequency score f (both 1..5). */
export function segmentOf(r: number, f: number): SegmentName {
  const rule = SEGMENT_RULES.find((candidate) => within(r, candidate.r) && within(f, candidate.f));
  if (!rule) throw new RangeError(`no RFM segment covers r=${r}, f=${f}; scores must be whole numbers 1..5`);
  return rule.segment;
}

/** The 25 segment names indexed by (r - 1) * 5 + (f - 1): the form the SQL queries take the rules in. */
export function segmentGrid(): SegmentName[] {
  const grid: SegmentName[] = [];
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) grid.push(segmentOf(r, f));
  return grid;
}

export function actionFor(segment: SegmentName): string {
  return SEGMENT_RULES.find((rule) => rule.segment === segment)!.action;
}
