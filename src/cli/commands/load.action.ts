import { collectQuality, resolveAsOf } from '../../metrics/collect-metrics.js';
import { qualityAsText } from '../../metrics/metrics-text.js';
import { progressFor } from '../../progress/progress.js';
import { loadFile } from '../../warehouse/load.js';
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
    const quality = await collectQuality(db, await resolveAsOf(db));
    io.stdout.write(options.json ? JSON.stringify({ load: summary, quality }, null, 2) + '\n' : `${loadSummaryText(summary)}\n\n${qualityAsText(quality)}\n`);
  });
}
