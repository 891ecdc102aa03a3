import type { Database } from '../db/database.js';
import type { Logger } from '../log.js';
import { movementStart } from '../campaigns/segment-movement.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { resolveAsOf } from '../metrics/collect-metrics.js';
import { rfmInstants } from '../metrics/rfm-instants.js';
import { storeRfmScoring } from '../queries/metric-queries.js';
import { predictIfPossible } from '../predict/predict-customers.js';
import { recommendProducts } from '../recommend/recommend-customers.js';

/**
 * RFM scores, lapse scores and product recommendations for the data's latest as-of, after new lines came
 * in. They belong to ingest (lgs load, lgs demo, the ingest job): a report reads them and never computes
 * them while printing. `after` names what brought the lines, for the log.
 *
 * RFM is stored at the instants rfmInstants names; rfm_scores() returns those while no load follows and
 * scores any other instant live.
 */
export async function refreshScores(db: Database, log: Logger, after: string): Promise<void> {
  const asOf = await resolveAsOf(db);
  const started = performance.now();
  const instants = rfmInstants(asOf);
  for (const instant of instants) await storeRfmScoring(db, instant, movementStart(instant));
  log.info({ instants, ms: Math.round(performance.now() - started) }, `RFM scores stored after ${after}`);
  await predictAndLog(db, log, asOf, after);
  const recommended = await recommendProducts(db, asOf);
  log.info({ customers: recommended.customers, ms: recommended.timingsMs.total }, `recommendations after ${after}`);
}

/**
 * A function of its own so that the prediction (every customer's scores, ~25 MB of heap at 10×) is let go
 * before the recommendations start: held in refreshScores' frame it stayed for the rest of the scoring.
 */
async function predictAndLog(db: Database, log: Logger, asOf: LocalTimestamp, after: string): Promise<void> {
  const scored = await predictIfPossible(db, asOf);
  log.info({ predicted: !(scored instanceof Error), reason: scored instanceof Error ? scored.message : undefined }, `predictions after ${after}`);
}
