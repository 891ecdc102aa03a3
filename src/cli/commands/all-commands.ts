import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import * as archivePrune from './archive-prune.js';
import * as campaigns from './campaigns.js';
import * as dbMigrate from './db-migrate.js';
import * as demo from './demo.js';
import * as ingest from './ingest.js';
import * as load from './load.js';
import * as mailTest from './mail-test.js';
import * as metrics from './metrics.js';
import * as predict from './predict.js';
import * as predictBacktest from './predict-backtest.js';
import * as quality from './quality.js';
import * as recommend from './recommend.js';
import * as recommendBacktest from './recommend-backtest.js';
import * as reportSegments from './report-segments.js';
import * as reportWeekly from './report-weekly.js';
import * as resend from './resend.js';
import * as run from './run.js';
import * as runs from './runs.js';
import * as schedulesList from './schedules-list.js';
import * as schedulesValidate from './schedules-validate.js';
import * as serve from './serve.js';
import * as usersHash from './users-hash.js';
import * as worker from './worker.js';

export interface CommandDefinition {
  register(program: Command, io: CliIo): void;
}

/** Every command, in the order `lgs --help` lists them. */
export const ALL_COMMANDS: readonly CommandDefinition[] = [
  dbMigrate,
  load,
  ingest,
  quality,
  metrics,
  reportWeekly,
  reportSegments,
  campaigns,
  demo,
  schedulesValidate,
  schedulesList,
  worker,
  run,
  runs,
  resend,
  predict,
  predictBacktest,
  recommend,
  recommendBacktest,
  serve,
  usersHash,
  archivePrune,
  mailTest,
];
