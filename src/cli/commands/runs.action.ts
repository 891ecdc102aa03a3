import { recentRuns } from '../../queries/run-queries.js';
import { textTable } from '../../text/text-table.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface RunsOptions {
  limit: number;
}

export async function runs(options: RunsOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database }) => {
    const rows = (await recentRuns(await database(), options.limit)).map((r) => [
      String(r.run_id),
      r.schedule,
      r.period,
      r.status,
      String(r.attempts),
      `${r.sent}/${r.sent + r.unsent}`,
      r.started_at,
      r.error ?? '',
    ]);
    io.stdout.write(textTable(['Run', 'Schedule', 'Period', 'Status', 'Attempts', 'Sent', 'Started', 'Error'], rows) + '\n');
  });
}
