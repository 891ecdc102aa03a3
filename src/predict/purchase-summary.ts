import type { CustomerHistory } from '../queries/predict-queries.js';
import type { PurchaseSummary } from './bgnbd.js';

/**
 * A customer's history at a cut-off as the BG/NBD sees it, in days of daily purchase occasions: x repeat
 * purchase days, the last one tx days after the first, observed for T days (first purchase to cut-off).
 */
export function purchaseSummary(c: Pick<CustomerHistory, 'purchase_days' | 'recency_days' | 'tenure_days'>): PurchaseSummary {
  return { x: c.purchase_days - 1, tx: c.tenure_days - c.recency_days, T: c.tenure_days };
}
