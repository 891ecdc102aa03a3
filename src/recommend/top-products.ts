/**
 * The k best-scored products a customer has not ordered, best first; equal scores go to the lower product
 * index (stock codes are indexed in sorted order, so ties break by stock code and results are
 * deterministic). Products with score ≤ 0 or not in `allowed` are never picked. Pure.
 */
export function topUnowned(scores: Float64Array, owned: Iterable<number>, k: number, allowed?: Uint8Array): number[] {
  const ownedSet = new Set(owned);
  const picked: number[] = [];
  for (let product = 0; product < scores.length; product += 1) {
    const score = scores[product]!;
    if (!(score > 0) || ownedSet.has(product) || (allowed && !allowed[product])) continue;
    let at = picked.length;
    while (at > 0 && scores[picked[at - 1]!]! < score) at -= 1;
    if (at < k) {
      picked.splice(at, 0, product);
      if (picked.length > k) picked.pop();
    }
  }
  return picked;
}
