/** Dates as the reports print them ("28 Nov 2011"). Inputs are wall-clock 'YYYY-MM-DD[THH:MM:SS]' strings. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDay(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/** "28 Nov – 4 Dec 2011", or "1 – 7 Dec 2011" within one month. */
export function formatDayRange(firstDay: string, lastDay: string): string {
  const [fy, fm] = firstDay.split('-');
  const [ly, lm] = lastDay.split('-');
  const firstDate = Number(firstDay.slice(8, 10));
  if (fy === ly && fm === lm) return `${firstDate} – ${formatDay(lastDay)}`;
  if (fy === ly) return `${firstDate} ${MONTHS[Number(fm) - 1]} – ${formatDay(lastDay)}`;
  return `${formatDay(firstDay)} – ${formatDay(lastDay)}`;
}

/** "10 Dec 2011" for midnight, "10 Dec 2011 14:30" otherwise. */
export function formatInstant(timestamp: string): string {
  const time = timestamp.slice(11, 16);
  return time === '' || time === '00:00' ? formatDay(timestamp) : `${formatDay(timestamp)} ${time}`;
}
