const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2009-12' -> 'Dec 2009'; a partial month says so, as every monthly chart must show it. */
export function monthLabel(month: string, partial = false): string {
  const [year, number] = month.split('-');
  return `${MONTHS[Number(number) - 1]} ${year}${partial ? ' (partial)' : ''}`;
}
