// Calendar dates ("2024-02-29") without time zones: statutory periods count whole days in the
// compound's local calendar, so a time of day or a UTC shift must never move a deadline.
import { DomainInputError } from './errors';

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Reads "YYYY-MM-DD" (a date-time's date part is taken as written); rejects dates that do not exist. */
export function parseCalendarDate(value: unknown, field: string): CalendarDate {
  if (typeof value !== 'string') throw new DomainInputError(field, `must be a date "YYYY-MM-DD", got ${typeof value}`);
  const m = ISO_DATE.exec(value.trim());
  if (!m) throw new DomainInputError(field, `must be a date "YYYY-MM-DD", got "${value}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainInputError(field, `"${value}" is not a date in the calendar`);
  }
  return { year, month, day };
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function formatDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/**
 * The day a period of whole years started on `from` ends (Civil Code art. 201 ¶2): the
 * corresponding day of the final month, or that month's last day when it has none
 * (2024-02-29 + 1 year → 2025-02-28).
 */
export function addYears(from: CalendarDate, years: number): CalendarDate {
  const year = from.year + years;
  return { year, month: from.month, day: Math.min(from.day, daysInMonth(year, from.month)) };
}

export function addDays(from: CalendarDate, days: number): CalendarDate {
  const t = Date.UTC(from.year, from.month - 1, from.day) + days * 86_400_000;
  const d = new Date(t);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
