import { collectQuality, resolveAsOf } from '../../metrics/collect-metrics.js';
import { qualityAsText } from '../../metrics/metrics-text.js';
import { progressFor } from '../../progress/progress.js';
import { loadFile } from '../../warehouse/load.js';
import { predictIfPossible } from '../../predict/predict-customers.js';
import type { CliIo } from '../cli-io.js';
import { loadSummaryText } from '../load-summary-text.js';
import { withServices } from '../with-services.js';

export interface LoadOptions {
  json?: boolean;
}

export async function load(file: string, options: LoadOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database, log }) => {
    const db = await database();
    const summary = await loadFile(db, file, { log, progress: progressFor('load', log) });
    // Scores are part of ingest, so reports never compute them while printing.
    const scored = await predictIfPossible(db, await resolveAsOf(db));
    log.info({ predicted: !(scored instanceof Error), reason: scored instanceof Error ? scored.message : undefined }, 'predictions after load');
    const quality = await collectQuality(db, await resolveAsOf(db));
    io.stdout.write(options.json ? JSON.stringify({ load: summary, quality }, null, 2) + '\n' : `${loadSummaryText(summary)}\n\n${qualityAsText(quality)}\n`);
  });
}
