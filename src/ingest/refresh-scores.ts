import type { Database } from '../db/database.js';
import { SCORE_REFRESH_LOCK } from '../db/migrate.js';
import type { Logger } from '../log.js';
import { movementStart } from '../campaigns/segment-movement.js';
import type { LocalTimestamp } from '../metrics/as-of.js';
import { resolveAsOf } from '../metrics/collect-metrics.js';
import { dataWindow, scoresBehind, storeRfmScoring, type ScoresBehindRow } from '../queries/metric-queries.js';
import { coversPeriod } from '../schedule/data-coverage.js';
import { DEFAULT_TIMEZONE } from '../config/schedules-schema.js';
import { rfmInstants } from '../metrics/rfm-instants.js';
import { sqlFile } from '../queries/sql-files.js';
import { predictIfPossible } from '../predict/predict-customers.js';
import { recommendProducts } from '../recommend/recommend-customers.js';
import { storeBriefReads } from '../report/stored-brief-reads.js';
import { releaseMemory } from './release-memory.js';

/**
 * RFM scores, lapse scores, product recommendations and the briefs' line aggregates (stored-brief-reads.ts)
 * for the data's latest as-of, after new lines came in. They belong to ingest (lgs load, lgs demo, the
 * ingest job): a report reads them and never computes them while printing. `after` names what brought the
 * lines, for the log; `newestLoad`, the newest load with new lines when the refresh began, is recorded as
 * seen once it has finished.
 *
 * RFM is stored at the instants rfmInstants names; rfm_scores() returns those while no load follows and
 * scores any other instant live.
 */
async function refreshScores(db: Database, log: Logger, after: string, newestLoad: number | null, options: RefreshOptions, lockLost: AbortSignal): Promise<void> {
  // A refresh whose lock connection dropped stops at the next phase: another may have started meanwhile.
  const stillLocked = () => lockLost.throwIfAborted();
  const [window] = await dataWindow(db);
  // resolveAsOf reads the same window: asked only when it is empty, for its error.
  const asOf = window?.default_as_of ?? (await resolveAsOf(db));
  // A weekly run at an instant the data does not cover is held back as stale, and reads nothing stored.
  // In the shop's zone: a weekly schedule in another zone is rare, and an instant not stored is scored live.
  const sentAt = (instant: LocalTimestamp) => coversPeriod(instant, window?.last_invoice_at ?? null, options.staleToleranceHours, DEFAULT_TIMEZONE);
  const started = performance.now();
  const instants = rfmInstants(asOf, sentAt);
  for (const instant of instants) await storeRfmScoring(db, instant, movementStart(instant));
  log.info({ instants, ms: Math.round(performance.now() - started) }, `RFM scores stored after ${after}`);
  releaseMemory();
  stillLocked();
  await predictAndLog(db, log, asOf, after);
  releaseMemory();
  stillLocked();
  const recommended = await recommendProducts(db, asOf);
  log.info({ customers: recommended.customers, ms: recommended.timingsMs.total }, `recommendations after ${after}`);
  releaseMemory();
  stillLocked();
  // Last: the briefs read the scores stored above. A failure fails the refresh, which is then not recorded
  // and runs again on the next ingest or load.
  const storing = performance.now();
  const reads = await storeBriefReads(db, asOf, sentAt);
  log.info({ reads, ms: Math.round(performance.now() - storing) }, `brief reads stored after ${after}`);
  stillLocked();
  if (newestLoad !== null) await db.query(sqlFile('ingest/record_score_refresh'), [newestLoad], 'ingest/record_score_refresh');
}

export interface RefreshOptions {
  /** LGS_STALE_TOLERANCE_HOURS: which default instants a scheduled run would be sent at on this data. */
  staleToleranceHours: number;
  /**
   * Leave scores that are behind as they are when the last refresh finished less than this many minutes
   * ago (the ingest's cron: LGS_SCORE_REFRESH_MINUTES). Unset: refresh whenever they are behind.
   */
  notWithinMinutes?: number;
}

/**
 * Refreshes the scores when a load that added lines is newer than the last finished refresh: after this
 * run's own load, and also after a load whose process was killed between its commit and the end of its
 * refresh (the file is then found "already loaded" and adds nothing, yet the scores are still behind), or
 * whose refresh the ingest's cron put off. Whether it refreshed.
 */
export async function refreshScoresIfBehind(db: Database, log: Logger, after: string, options: RefreshOptions): Promise<boolean> {
  const minutes = options.notWithinMinutes ?? 0;
  const ask = () => scoresBehind(db, minutes);
  const due = (state: ScoresBehindRow) => state.behind && !state.refreshed_recently;
  const first = await ask();
  if (!due(first)) {
    if (first.behind) log.info({ load: first.newest_data_load, minutes }, `scores not refreshed after ${after}: the last refresh is less than ${minutes} minutes old (LGS_SCORE_REFRESH_MINUTES); a refresh job the worker's reconciler queues after that, an ingest run after that, or a scheduled report before it is made, refreshes them`);
    return false;
  }
  // One refresh at a time across processes: a report's ingest right after the cron's finds the cron's
  // refresh under way, waits for it and then finds the scores up to date instead of refreshing them again.
  return db.withLock(SCORE_REFRESH_LOCK, async (lockLost) => {
    const state = await ask();
    if (due(state)) await refreshScores(db, log, after, state.newest_data_load, options, lockLost);
    return due(state);
  });
}

/**
 * A function of its own so that the prediction (every customer's scores, ~25 MB of heap at 10×) is let go
 * before the recommendations start: held in refreshScores' frame it stayed for the rest of the scoring.
 */
async function predictAndLog(db: Database, log: Logger, asOf: LocalTimestamp, after: string): Promise<void> {
  const scored = await predictIfPossible(db, asOf);
  log.info({ predicted: !(scored instanceof Error), reason: scored instanceof Error ? scored.message : undefined }, `predictions after ${after}`);
}
