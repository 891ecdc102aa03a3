import { writeToFolder } from '../../delivery/output-folder.js';
import { produceWeeklyReport } from '../../report/run-report.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface ReportWeeklyOptions {
  asOf?: string;
  out: string;
  html?: boolean;
}

export async function reportWeekly(options: ReportWeeklyOptions, io: CliIo): Promise<void> {
  await withServices(io, async (services) => {
    const document = await produceWeeklyReport(await services.reportServices(), options.asOf);
    for (const path of await writeToFolder(options.out, [document], { html: options.html })) io.stdout.write(path + '\n');
  });
}
