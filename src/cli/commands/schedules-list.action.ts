import { readEnvironment } from '../../config/environment.js';
import { readSchedules } from '../../config/schedules-file.js';
import { nextRuns } from '../../schedule/next-runs.js';
import { wallClock } from '../../schedule/resolve-as-of.js';
import { textTable } from '../../text/text-table.js';
import type { CliIo } from '../cli-io.js';

export interface SchedulesListOptions {
  config?: string;
  count: number;
}

export async function schedulesList(options: SchedulesListOptions, io: CliIo, now = new Date()): Promise<void> {
  const config = await readSchedules(options.config ?? readEnvironment(io.env).LGS_SCHEDULES);
  const rows = config.schedules.map((s) => [
    s.name,
    s.report,
    s.enabled ? 'yes' : 'no',
    `${s.cron} (${s.timezone})`,
    s.enabled ? nextRuns(s.cron, s.timezone, now, options.count).map((at) => wallClock(at, s.timezone).replace('T', ' ')).join(', ') : '—',
  ]);
  io.stdout.write(textTable(['Schedule', 'Report', 'Enabled', 'When', `Next runs (local time)`], rows) + '\n');
}
