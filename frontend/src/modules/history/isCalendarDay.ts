/** Whether the text is a real calendar day `YYYY-MM-DD` between 2000 and 2099 (not 2026-02-30). */
export function isCalendarDay(text: string): boolean {
  const match = /^(20\d{2})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
