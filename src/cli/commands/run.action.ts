import { readSchedules } from '../../config/schedules-file.js';
import { UsageError } from '../../errors.js';
import { REPORT_JOB_NAME } from '../../jobs/report-queue.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export async function run(name: string, io: CliIo): Promise<void> {
  await withServices(io, async ({ environment, reportQueue }) => {
    const config = await readSchedules(environment.LGS_SCHEDULES);
    if (!config.schedules.some((s) => s.name === name)) {
      throw new UsageError(`no schedule named "${name}" in ${environment.LGS_SCHEDULES}; known: ${config.schedules.map((s) => s.name).join(', ')}`, { schedule: name });
    }
    const queue = await reportQueue();
    const job = await queue.add(REPORT_JOB_NAME, { schedule: name, manual: true, requestedAt: Date.now() });
    io.stdout.write(`queued run of ${name} as job ${job.id} on queue ${environment.LGS_QUEUE}\n`);
  });
}
