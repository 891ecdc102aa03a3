#!/usr/bin/env node
// Compares `lgs metrics --json` with the independent Python computation (crosscheck_metrics.py) on every
// figure both produce. Exit code 1 on any difference beyond float noise.
//   node tools/crosscheck/compare.mjs lgs.json python.json
import { readFileSync } from 'node:fs';

const [ours, theirs] = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')));
const differences = [];
let compared = 0;
function same(path, a, b) {
  compared++;
  const equal = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) : a === b;
  if (!equal) differences.push(`${path}: lgs ${JSON.stringify(a)} vs python ${JSON.stringify(b)}`);
}
function sameFields(path, a, b, fields) {
  for (const field of fields) same(`${path}.${field}`, a?.[field], b?.[field]);
}

same('asOf', ours.asOf, theirs.asOf);
sameFields('invoiceAmounts', ours.invoiceAmounts, theirs.invoiceAmounts, ['count', 'mean', 'min', 'p25', 'median', 'p75', 'p85', 'max']);
same('monthly.length', ours.monthly.length, theirs.monthly.length);
theirs.monthly.forEach((month, i) =>
  sameFields(`monthly[${month.month}]`, ours.monthly[i], month, ['month', 'placedOrders', 'cancelledOrders', 'sales', 'salesGrowth', 'activeCustomers', 'newCustomers', 'existingCustomers', 'partial']),
);
same('rfm.customers', ours.rfm.customers, theirs.rfm.customers);
for (const segment of theirs.rfm.segments) {
  const mine = ours.rfm.segments.find((s) => s.segment === segment.segment);
  sameFields(`rfm[${segment.segment}]`, mine, segment, ['customers', 'monetary', 'recencyMean', 'frequencyMean', 'monetaryMean']);
}
same('weekly.weekStart', ours.weekly.weekStart, theirs.weekly.weekStart);
for (const week of ['current', 'previous']) {
  sameFields(`weekly.${week}`, ours.weekly[week], theirs.weekly[week], ['sales', 'orders', 'averageOrderValue', 'cancellationRate', 'activeCustomers', 'newCustomers']);
}
const q = ours.quality.warehouse;
const t = theirs.quality;
same('quality.distinctLines', q.distinctLines, t.distinctLines);
same('quality.duplicateCopies', q.duplicateCopies, t.duplicateCopies);
same('quality.cancellationLines', q.cancellationLines, t.cancellationLines);
same('quality.adjustmentLines', q.adjustmentLines, t.adjustmentLines);
same('quality.linesWithoutCustomer', q.linesWithoutCustomer, t.linesWithoutCustomer);
same('quality.zeroPriceLines', q.zeroPriceLines, t.zeroPriceLines);
same('quality.negativePriceLines', q.negativePriceLines, t.negativePriceLines);

if (theirs.movement) {
  sameFields('movement', ours.movement, theirs.movement, ['from', 'to']);
  same('movement.cells.length', ours.movement.cells.length, theirs.movement.cells.length);
  for (const cell of theirs.movement.cells) {
    const mine = ours.movement.cells.find((c) => c.from === cell.from && c.to === cell.to);
    sameFields(`movement[${cell.from} -> ${cell.to}]`, mine, cell, ['customers', 'monetary']);
  }
  for (const entry of theirs.movement.entered) {
    same(`movement.entered[${entry.segment}].customers`, ours.movement.entered.find((e) => e.segment === entry.segment)?.customers, entry.customers);
  }
}
if (theirs.cohorts) {
  same('cohorts.length', ours.cohorts.length, theirs.cohorts.length);
  for (const cohort of theirs.cohorts) {
    const mine = ours.cohorts.find((c) => c.cohort === cohort.cohort);
    same(`cohorts[${cohort.cohort}].customers`, mine?.customers, cohort.customers);
    same(`cohorts[${cohort.cohort}].months`, mine?.retention.length, cohort.retention.length);
    cohort.retention.forEach((month, k) => sameFields(`cohorts[${cohort.cohort}][${k}]`, mine?.retention[k], month, ['monthsSince', 'customers', 'rate', 'partial']));
  }
}

console.log(`${compared} figures compared, ${differences.length} differ`);
for (const line of differences) console.log('  ' + line);
process.exitCode = differences.length === 0 ? 0 : 1;
