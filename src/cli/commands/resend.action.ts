import { UsageError } from '../../errors.js';
import { resendToRecipient } from '../../jobs/resend.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export async function resend(run: string, address: string, io: CliIo): Promise<void> {
  if (!/^\d{1,9}$/.test(run)) throw new UsageError(`run "${run}" is not a run id (a number; lgs runs lists them)`, { run });
  await withServices(io, async ({ database, reportQueue }) => {
    const request = await resendToRecipient(await database(), await reportQueue(), Number(run), address);
    io.stdout.write(`queued: run ${request.runId} (${request.schedule} ${request.period}) to ${address} again (${request.messages.join(', ')}) as job ${request.jobId}\n`);
  });
}
