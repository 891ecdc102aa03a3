import { recentRuns } from '../../queries/run-queries.js';
import { textTable } from '../../text/text-table.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface RunsOptions {
  limit: number;
}

export async function runs(options: RunsOptions, io: CliIo): Promise<void> {
  await withServices(io, async ({ database }) => {
    const recent = await recentRuns(await database(), options.limit);
    const rows = recent.map((r) => [
      String(r.run_id),
      r.schedule,
      r.period,
      r.status,
      String(r.firings),
      String(r.retries),
      `${r.sent}/${r.sent + r.outbox + r.unsent}${r.outbox > 0 ? ` (${r.outbox} in outbox)` : ''}`,
      r.uncertain.join(', '),
      r.started_at,
      r.error ?? '',
    ]);
    io.stdout.write(textTable(['Run', 'Schedule', 'Period', 'Status', 'Fired', 'Retries', 'Sent', 'Uncertain', 'Started', 'Error'], rows) + '\n');
    // An uncertain delivery is never sent again by itself: say how to, if the recipient did not get it.
    const resends = recent.flatMap((r) => r.uncertain.map((address) => `lgs resend ${r.run_id} ${address}`));
    if (resends.length > 0) {
      io.stdout.write(`\nDelivery uncertain (the SMTP transaction was cut off; not sent again by itself). If they did not get it:\n  ${resends.join('\n  ')}\n`);
    }
  });
}
