import { readEnvironment } from '../../config/environment.js';
import { readSchedules } from '../../config/schedules-file.js';
import type { CliIo } from '../cli-io.js';

export interface SchedulesValidateOptions {
  config?: string;
}

export async function schedulesValidate(options: SchedulesValidateOptions, io: CliIo): Promise<void> {
  const path = options.config ?? readEnvironment(io.env).LGS_SCHEDULES;
  const config = await readSchedules(path);
  io.stdout.write(`${path}: ${config.schedules.length} schedule(s), valid\n`);
}
