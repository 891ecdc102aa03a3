/**
 * The back-test's measure (spec): over the customers in the population, the share who order at least one
 * of their recommended products in the horizon after the cut-off. Pure.
 */
export interface HitRate {
  customers: number;
  hits: number;
  hitRate: number | null;
}

export function hitRate(
  population: readonly number[],
  recommended: (customerId: number) => readonly string[],
  orderedAfter: ReadonlyMap<number, ReadonlySet<string>>,
): HitRate {
  let hits = 0;
  for (const customerId of population) {
    const ordered = orderedAfter.get(customerId);
    if (ordered && recommended(customerId).some((code) => ordered.has(code))) hits += 1;
  }
  return { customers: population.length, hits, hitRate: population.length === 0 ? null : hits / population.length };
}
