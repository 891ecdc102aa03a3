import { campaignResults } from '../../campaigns/campaign-results.js';
import { campaignsText } from '../../campaigns/campaigns-text.js';
import { resolveAsOf } from '../../metrics/collect-metrics.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface CampaignsOptions {
  json?: boolean;
  asOf?: string;
}

/** Every campaign made at or before the as-of, with its response per group and uplift once its window has closed. */
export async function campaigns(options: CampaignsOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database, environment }) => {
    const db = await database();
    const results = await campaignResults(db, await resolveAsOf(db, options.asOf), environment.LGS_STALE_TOLERANCE_HOURS);
    io.stdout.write(options.json ? JSON.stringify(results, null, 2) + '\n' : campaignsText(results));
  });
}
