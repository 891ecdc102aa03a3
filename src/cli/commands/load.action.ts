import { checkLoadOptions, loadFromCommandLine } from '../../ingest/load-command.js';
import { collectQuality, resolveAsOf } from '../../metrics/collect-metrics.js';
import { qualityAsText } from '../../metrics/metrics-text.js';
import { progressFor } from '../../progress/progress.js';
import { refreshScoresIfBehind } from '../../ingest/refresh-scores.js';
import type { CliIo } from '../cli-io.js';
import { loadSummaryText } from '../load-summary-text.js';
import { withServices } from '../with-services.js';

export interface LoadOptions {
  json?: boolean;
  fromTable?: string;
  sourceUrl?: string;
  full?: boolean;
  lookbackHours?: string;
  encoding?: string;
}

export async function load(file: string | undefined, options: LoadOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database, log, environment }) => {
    const checked = checkLoadOptions(file, options); // a usage error is said before any database is opened (or created)
    const db = await database();
    const summary = await loadFromCommandLine(db, file, options, checked, { log, progress: progressFor('load', log), environment, encoding: options.encoding });
    // Scores are part of ingest, so reports never compute them while printing; a load adding nothing
    // leaves the scores in force as they are, unless an earlier load was stopped before its refresh.
    await refreshScoresIfBehind(db, log, 'load', { staleToleranceHours: environment.LGS_STALE_TOLERANCE_HOURS });
    const quality = await collectQuality(db, await resolveAsOf(db));
    io.stdout.write(options.json ? JSON.stringify({ load: summary, quality }, null, 2) + '\n' : `${loadSummaryText(summary)}\n\n${qualityAsText(quality)}\n`);
  });
}
