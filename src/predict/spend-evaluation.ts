/**
 * How good a spend forecast is, as the spec's back-test defines it: mean absolute error, Spearman rank
 * correlation (mid-ranks for ties), total predicted ÷ total actual, and the share of actual spend held by
 * the top 10 % of customers by prediction (ties in the order given). Pure.
 */
export interface SpendAccuracy {
  mae: number;
  spearman: number | null;
  totalRatio: number | null;
  topDecileShare: number | null;
  predictedTotal: number;
}

function midRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.v === order[i]!.v) j++;
    for (let k = i; k < j; k++) ranks[order[k]!.i] = (i + j + 1) / 2;
    i = j;
  }
  return ranks;
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return aa === 0 || bb === 0 ? null : ab / Math.sqrt(aa * bb);
}

export function spearman(a: readonly number[], b: readonly number[]): number | null {
  return a.length < 2 ? null : pearson(midRanks(a), midRanks(b));
}

export function spendAccuracy(predicted: readonly number[], actual: readonly number[]): SpendAccuracy {
  if (predicted.length !== actual.length || predicted.length === 0) throw new RangeError(`need as many predictions as actuals, at least one (${predicted.length}, ${actual.length})`);
  const n = predicted.length;
  const predictedTotal = predicted.reduce((s, x) => s + x, 0);
  const actualTotal = actual.reduce((s, x) => s + x, 0);
  const top = predicted
    .map((p, i) => ({ p, i }))
    .sort((x, y) => y.p - x.p || x.i - y.i)
    .slice(0, Math.floor(n / 10));
  return {
    mae: predicted.reduce((s, p, i) => s + Math.abs(p - actual[i]!), 0) / n,
    spearman: spearman(predicted, actual),
    totalRatio: actualTotal === 0 ? null : predictedTotal / actualTotal,
    topDecileShare: actualTotal === 0 ? null : top.reduce((s, { i }) => s + actual[i]!, 0) / actualTotal,
    predictedTotal,
  };
}
