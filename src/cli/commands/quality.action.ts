import { collectQuality, resolveAsOf } from '../../metrics/collect-metrics.js';
import { qualityAsText } from '../../metrics/metrics-text.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface QualityOptions {
  json?: boolean;
  asOf?: string;
}

export async function quality(options: QualityOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database }) => {
    const db = await database();
    const summary = await collectQuality(db, await resolveAsOf(db, options.asOf));
    io.stdout.write(options.json ? JSON.stringify(summary, null, 2) + '\n' : qualityAsText(summary) + '\n');
  });
}
