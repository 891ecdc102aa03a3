/** How good a score is at ranking who will order: pure functions over (score, outcome) pairs. */

/** Area under the ROC curve (Mann–Whitney U with mid-ranks for ties); null without both outcomes. */
export function auc(scores: readonly number[], outcomes: readonly boolean[]): number | null {
  const order = scores.map((score, index) => ({ score, positive: outcomes[index]! })).sort((a, b) => a.score - b.score);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.score === order[i]!.score) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k]!.positive) {
      rankSumPositive += midRank;
      positives++;
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface DecileRow {
  /** 1 = highest scores. */
  decile: number;
  customers: number;
  meanPredicted: number;
  observedRate: number;
}

/** Customers split into ten groups by score (highest first, ties by position), mean prediction vs outcome. */
export function calibrationByDecile(predictions: readonly number[], outcomes: readonly boolean[]): DecileRow[] {
  const order = predictions.map((p, i) => ({ p, y: outcomes[i]! ? 1 : 0, i })).sort((a, b) => b.p - a.p || a.i - b.i);
  const rows: DecileRow[] = [];
  for (let d = 0; d < 10; d++) {
    const slice = order.slice(Math.floor((d * order.length) / 10), Math.floor(((d + 1) * order.length) / 10));
    if (slice.length === 0) continue;
    rows.push({
      decile: d + 1,
      customers: slice.length,
      meanPredicted: slice.reduce((s, r) => s + r.p, 0) / slice.length,
      observedRate: slice.reduce((s, r) => s + r.y, 0) / slice.length,
    });
  }
  return rows;
}

/** Observed rate in the top-scored tenth divided by the overall rate. */
export function topDecileLift(scores: readonly number[], outcomes: readonly boolean[]): number | null {
  const overall = outcomes.filter(Boolean).length / outcomes.length;
  const top = calibrationByDecile(scores, outcomes)[0];
  return !top || overall === 0 ? null : top.observedRate / overall;
}
