/**
 * The bench's scaled data: the real file's lines copied `scale` times, each copy with its invoice numbers
 * and customer ids shifted (invoice + copy × 1,000,000, customer + copy × 100,000), so the copies are
 * distinct invoices and customers buying the same products on the same days. Written to a temporary
 * folder (never committed), in two files:
 *   history.csv — every copy of the lines before 2011-12-01 (the warehouse "up to November 2011");
 *   week.csv    — the first copy's December 2011 lines (25,525 lines: the week appended onto it).
 * At scale 1 they are the real file cut in two. Streams: memory stays flat whatever the scale.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export const APPEND_FROM = '2011-12-01';

/** Invoice and customer shifted for copy `copy`; the line otherwise unchanged (descriptions may hold commas). */
export function shiftLine(line: string, copy: number): string {
  if (copy === 0) return line;
  const fields = line.split(',');
  const invoice = fields[0]!;
  const prefix = /^[A-Za-z]/.test(invoice) ? invoice[0]! : '';
  fields[0] = prefix + String(Number(invoice.slice(prefix.length)) + copy * 1_000_000);
  const customer = fields[fields.length - 2]!;
  if (customer !== '') fields[fields.length - 2] = String(Math.trunc(Number(customer)) + copy * 100_000);
  return fields.join(',');
}

/** The invoice date of a line of the real file: fourth field from the end (no country holds a comma). */
const dateOf = (line: string) => {
  let end = line.length;
  for (let i = 0; i < 3; i++) end = line.lastIndexOf(',', end - 1);
  return line.slice(line.lastIndexOf(',', end - 1) + 1, end);
};

async function write(stream: NodeJS.WritableStream, text: string) {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function generateScaled(source: string, scale: number, folder: string): Promise<{ history: string; week: string; historyLines: number; weekLines: number }> {
  const history = `${folder}/history.csv`;
  const week = `${folder}/week.csv`;
  const historyOut = createWriteStream(history);
  const weekOut = createWriteStream(week);
  let historyLines = 0;
  let weekLines = 0;
  for (let copy = 0; copy < scale; copy++) {
    const lines = createInterface({ input: createReadStream(source).pipe(createGunzip()), crlfDelay: Infinity });
    let header = true;
    let batch = '';
    for await (const line of lines) {
      if (header) {
        header = false;
        if (copy === 0) {
          await write(historyOut, line + '\n');
          await write(weekOut, line + '\n');
        }
        continue;
      }
      if (dateOf(line) >= APPEND_FROM) {
        if (copy === 0) {
          await write(weekOut, line + '\n');
          weekLines++;
        }
        continue;
      }
      batch += shiftLine(line, copy) + '\n';
      historyLines++;
      if (batch.length > 1 << 20) {
        await write(historyOut, batch);
        batch = '';
      }
    }
    await write(historyOut, batch);
  }
  historyOut.end();
  weekOut.end();
  await Promise.all([once(historyOut, 'finish'), once(weekOut, 'finish')]);
  return { history, week, historyLines, weekLines };
}
