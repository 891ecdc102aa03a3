import { mapInSlices } from '../async/time-slices.js';
import type { Queryable } from '../db/database.js';
import { InsufficientHistoryError } from '../errors.js';
import { addDays, type LocalTimestamp } from '../metrics/as-of.js';
import { customerHistory, windowActivity, type CustomerList } from '../queries/predict-queries.js';
import { fitBgNbd, type BgNbdFit } from './bgnbd.js';
import { fitGammaGamma, type GammaGammaFit } from './gamma-gamma.js';
import type { GlmFit } from './glm.js';
import { fitLapseModel, LAPSE_HORIZON_DAYS, orderProbability, seasonRatio } from './lapse-model.js';
import { expectedNextOrderDays } from './next-order.js';
import { purchaseSummary } from './purchase-summary.js';
import { bgnbdGammaGammaSpend, fitSpendModel, modelSpend, naiveSpend, spendSummary, SPEND_TRAINING_DAYS, type SpendModel } from './spend-model.js';
import { spendSeasonWindows } from './spend-season.js';

/**
 * Every model fitted at one cut-off C, from data before C only, and the scores of the customers at C.
 * Shared by `lgs predict` (C = the as-of) and the back-test (C = a past cut-off), so what is back-tested
 * is what is printed. The customer rows at C carry their outcomes after C (for the back-test); nothing here
 * reads them: fits use rows at earlier cut-offs whose outcome windows end at C.
 */
export interface CutoffModels {
  cutoff: LocalTimestamp;
  customers: CustomerList;
  /** BG/NBD fitted on the customers at C; at C − 90 days for the lapse model's training rows. */
  bgnbd: BgNbdFit;
  bgnbdAtTraining: BgNbdFit;
  lapse: GlmFit;
  lapseTrainedOn: LocalTimestamp;
  lapseTrainingCustomers: number;
  /** Customers ordering in the scored window's dates a year earlier ÷ in the training window's; 1 without that year. */
  seasonRatio: number;
  gammaGamma: GammaGammaFit;
  spend: { horizonDays: number; trainingDays: number; trainedOn: LocalTimestamp; model: SpendModel; scale: number; seasonal: boolean };
}

export interface CustomerScores {
  customerId: number;
  probability90d: number;
  /** Days after C of the expected next order, or null when it is unlikely within 90 days. */
  nextOrderDays: number | null;
  /** The next-order timing even when unlikely (the back-test measures it on everyone who did order). */
  nextOrderDaysIfAny: number;
  spend: { model: number; naive: number; bgnbdGammaGamma: number };
}

/** Fewer customers than this at a training cut-off, or all with one outcome, and nothing can be learnt. */
const MINIMUM_TRAINING_CUSTOMERS = 30;

function checkTraining(rows: CustomerList, cutoff: LocalTimestamp, what: string): void {
  const ordered = rows.map((r) => r.future_orders > 0).filter(Boolean).length;
  if (rows.length < MINIMUM_TRAINING_CUSTOMERS || ordered === 0 || ordered === rows.length) {
    throw new InsufficientHistoryError(
      `not enough history to learn ${what}: ${rows.length} customers at ${cutoff}, ${ordered} of them ordered afterwards (need ${MINIMUM_TRAINING_CUSTOMERS} and both outcomes)`,
      { cutoff, customers: rows.length, ordered },
    );
  }
}

export async function fitModelsAt(db: Queryable, cutoff: LocalTimestamp, spendHorizonDays: number): Promise<CutoffModels> {
  const lapseTrainedOn = addDays(cutoff, -LAPSE_HORIZON_DAYS);
  const trainingDays = Math.min(spendHorizonDays, SPEND_TRAINING_DAYS);
  const spendTrainedOn = addDays(cutoff, -trainingDays);
  const season = spendSeasonWindows(cutoff, spendHorizonDays, trainingDays);
  const [customers, lapseTraining, spendTraining, scoredYearBefore, trainingYearBefore, spendYearBefore, spendTrainingYearBefore] = await Promise.all([
    customerHistory(db, cutoff, Math.max(spendHorizonDays, LAPSE_HORIZON_DAYS)),
    customerHistory(db, lapseTrainedOn, LAPSE_HORIZON_DAYS),
    customerHistory(db, spendTrainedOn, trainingDays),
    windowActivity(db, addDays(cutoff, -365), addDays(cutoff, -365 + LAPSE_HORIZON_DAYS)),
    windowActivity(db, addDays(lapseTrainedOn, -365), addDays(cutoff, -365)),
    windowActivity(db, season.horizon.from, season.horizon.to),
    windowActivity(db, season.training.from, season.training.to),
  ]);
  checkTraining(lapseTraining, lapseTrainedOn, 'the 90-day order probability');
  checkTraining(spendTraining, spendTrainedOn, `the ${trainingDays}-day spend`);
  const repeaters = customers.map(spendSummary).filter((s) => s !== null);
  if (repeaters.length < MINIMUM_TRAINING_CUSTOMERS) {
    throw new InsufficientHistoryError(`not enough repeat customers at ${cutoff} to learn the value per purchase: ${repeaters.length} (need ${MINIMUM_TRAINING_CUSTOMERS})`, { cutoff, repeaters: repeaters.length });
  }
  const bgnbdAtTraining = await fitBgNbd(lapseTraining.map(purchaseSummary));
  const bgnbd = await fitBgNbd(customers.map(purchaseSummary));
  const lapse = await fitLapseModel(lapseTraining, bgnbdAtTraining.parameters);
  const gammaGamma = await fitGammaGamma(repeaters);
  const spendModel = await fitSpendModel(spendTraining);
  const seasonal = spendYearBefore.spend !== null && spendTrainingYearBefore.spend !== null && spendTrainingYearBefore.spend > 0;
  return {
    cutoff,
    customers,
    bgnbd,
    bgnbdAtTraining,
    lapse,
    lapseTrainedOn,
    lapseTrainingCustomers: lapseTraining.length,
    seasonRatio: seasonRatio(scoredYearBefore.customers, trainingYearBefore.customers),
    gammaGamma,
    spend: {
      horizonDays: spendHorizonDays,
      trainingDays,
      trainedOn: spendTrainedOn,
      model: spendModel,
      // Last year's spend in the horizon's dates against last year's in the training window's dates: the
      // season and the horizon's length in one ratio (spend-season.ts).
      scale: seasonal ? (spendYearBefore.spend! / spendTrainingYearBefore.spend!) * season.lengthFactor : spendHorizonDays / trainingDays,
      seasonal,
    },
  };
}

/** In slices of the event loop (src/async/time-slices.ts): each customer's next-order timing is a search. */
export function scoreCustomers(models: CutoffModels): Promise<CustomerScores[]> {
  const { bgnbd, gammaGamma, lapse, seasonRatio: rho, spend } = models;
  return mapInSlices(models.customers, (c) => {
    const probability90d = orderProbability(lapse, c, bgnbd.parameters, rho);
    const nextOrderDaysIfAny = expectedNextOrderDays(c, bgnbd.parameters, rho);
    return {
      customerId: c.customer_id,
      probability90d,
      nextOrderDays: probability90d >= 0.5 ? nextOrderDaysIfAny : null,
      nextOrderDaysIfAny,
      spend: {
        model: modelSpend(spend.model, c, spend.scale),
        naive: naiveSpend(c, spend.horizonDays),
        bgnbdGammaGamma: bgnbdGammaGammaSpend(c, bgnbd.parameters, gammaGamma.parameters, spend.horizonDays),
      },
    };
  });
}
