/**
 * Why `text` is not a calendar day in YYYY-MM-DD form (`2024-13-45`, `2023-02-29`), or undefined when it
 * is one. Checked before the text reaches SQL, where it would fail as a server error.
 */
export function calendarDateProblem(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return `"${text.slice(0, 40)}" is not a date in the form YYYY-MM-DD`;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return `${text} is not a day of the calendar`;
  }
  return undefined;
}
