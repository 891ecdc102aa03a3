import type { CustomerFeatures } from '../queries/predict-queries.js';
import { fitGlm, predict, type GlmFit } from './glm.js';

/**
 * Who will lapse, and what each customer is worth keeping. Two generalised linear models on RFM-style
 * features, each learnt from the warehouse's own history (features at an earlier cutoff, outcomes after it):
 *
 *   P(order in the next 90 days)   logistic regression on the features
 *   expected 12-month spend        Poisson regression of the number of orders in the next 12 months,
 *                                  times the customer's mean order value shrunk towards the population's
 *                                  (credibility weighting: a customer with few orders is mostly "average")
 *
 * Pure: the caller reads the feature rows and stores the scores.
 */
export const MODEL_NAME = 'glm-rfm-v1';
export const FEATURE_NAMES = ['log(1+recency days)', 'log(1+orders)', 'log(1+monetary)', 'log(1+tenure days)', 'log(1+orders in last 90 days)'] as const;
/** Orders' worth of weight the population mean gets against a customer's own mean order value. */
export const ORDER_VALUE_SHRINKAGE = 3;

export function featureVector(c: CustomerFeatures): number[] {
  return [Math.log1p(c.recency_days), Math.log1p(c.frequency), Math.log1p(Math.max(0, c.monetary)), Math.log1p(c.tenure_days), Math.log1p(c.orders_last_90)];
}

export function fitOrderProbability(training: readonly CustomerFeatures[]): GlmFit {
  return fitGlm(training.map(featureVector), training.map((c) => (c.future_orders > 0 ? 1 : 0)), 'logistic');
}

export function fitOrderCount(training: readonly CustomerFeatures[]): GlmFit {
  return fitGlm(training.map(featureVector), training.map((c) => c.future_orders), 'poisson');
}

/** The population's mean order value, weighting every order alike. */
export function populationOrderValue(customers: readonly CustomerFeatures[]): number {
  const orders = customers.reduce((sum, c) => sum + c.frequency, 0);
  return orders === 0 ? 0 : customers.reduce((sum, c) => sum + c.monetary, 0) / orders;
}

export function expectedOrderValue(c: CustomerFeatures, populationMean: number): number {
  return (c.monetary + ORDER_VALUE_SHRINKAGE * populationMean) / (c.frequency + ORDER_VALUE_SHRINKAGE);
}

export interface CustomerScore {
  customerId: number;
  probability: number;
  expectedOrders12m: number;
  expectedSpend: number;
}

export function scoreCustomers(
  current: readonly CustomerFeatures[],
  models: { probability: GlmFit; orders: GlmFit },
): CustomerScore[] {
  const populationMean = populationOrderValue(current);
  return current.map((c) => {
    const x = featureVector(c);
    const expectedOrders12m = predict(models.orders, x);
    return {
      customerId: c.customer_id,
      probability: predict(models.probability, x),
      expectedOrders12m,
      expectedSpend: Math.round(expectedOrders12m * expectedOrderValue(c, populationMean) * 100) / 100,
    };
  });
}
