#!/usr/bin/env node
// Cuts the committed demo/test sample from the real Online Retail II file, deterministically:
// every line of the customers whose id is 7 modulo 20 (about 300 customers), the lines without a customer
// of every 40th invoice, and every adjustment invoice. Line order, quoting and exact duplicates are kept
// as they are in the source, so the sample exercises the same loader paths as the full file.
//   node tools/cut-sample.mjs ../shared/data/online_retail_II.csv.gz data/sample/online_retail_II_sample.csv.gz
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  console.error('usage: node tools/cut-sample.mjs <online_retail_II.csv.gz> <sample.csv.gz>');
  process.exit(2);
}

function keep(line) {
  // Fields before the description never hold commas; the last two (customer, country) never do either.
  const invoice = line.slice(0, line.indexOf(','));
  const fields = line.split(',');
  const customer = fields[fields.length - 2];
  if (invoice.startsWith('A')) return true;
  if (customer === '') return Number.parseInt(invoice.replace(/^C/, ''), 10) % 40 === 0;
  return Number.parseInt(customer, 10) % 20 === 7;
}

let kept = 0;
async function* sample() {
  let header = true;
  for await (const line of createInterface({ input: createReadStream(source).pipe(createGunzip()), crlfDelay: Infinity })) {
    if (header || keep(line)) {
      kept++;
      yield line + '\n';
    }
    header = false;
  }
}
await pipeline(sample, createGzip({ level: 9 }), createWriteStream(target));
console.error(`${kept - 1} lines written to ${target}`);
