/**
 * One `lgs load` of a file without the prediction and recommendation refresh the CLI runs after it, with
 * each derived script's time logged (LOG_LEVEL=debug): what the scripts of sql/derived cost on a first
 * load or an append. `npm run build && DATABASE_URL=postgres://… LOG_LEVEL=debug node dist/bench/load-derived-timings.js <file>`
 */
import { connectPostgres } from '../src/db/postgres.js';
import { createLogger } from '../src/log.js';
import { loadFile } from '../src/warehouse/load.js';

const url = process.env.DATABASE_URL;
const file = process.argv[2];
if (!url || !file) throw new Error('usage: DATABASE_URL=… node dist/bench/load-derived-timings.js <file>');
const db = connectPostgres(url, { statementTimeoutMs: 3_600_000 });
try {
  const summary = await loadFile(db, file, { log: createLogger() });
  console.log(JSON.stringify({ newLines: summary.newLines, timingsMs: summary.timingsMs }));
} finally {
  await db.close();
}
