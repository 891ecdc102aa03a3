#!/usr/bin/env node
import { Command } from 'commander';
import { readEnvironment } from './config/environment.js';
import { openDatabase } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { createLogger } from './log.js';
import { progressFor } from './progress/progress.js';
import { loadFile } from './warehouse/load.js';

const program = new Command('lgs').description('LGS Reports: warehouse, metrics and reports for London Gift Shop');

program
  .command('load <file>')
  .action(async (file: string) => {
    const env = readEnvironment();
    const log = createLogger(env.LOG_LEVEL);
    const db = await openDatabase(env);
    try {
      await migrate(db, log);
      const summary = await loadFile(db, file, { log, progress: progressFor('load', log) });
      console.log(JSON.stringify(summary, null, 2));
    } finally {
      await db.close();
    }
  });

await program.parseAsync();
