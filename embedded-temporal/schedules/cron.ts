/**
 * Cron strings and CalendarSpec strings, compiled into structured calendars (the form the server
 * stores and DescribeSchedule returns). Syntax per field: `*`, `?`, `N`, `A-B`, `A-B/S`, `*\/S`,
 * `N/S` (N to the field's maximum), lists joined by `,`, month and weekday names.
 *
 * Cron strings take 5 fields (minute hour day-of-month month day-of-week), 6 (+ year) or 7
 * (second first, year last); `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily`/`@midnight`,
 * `@hourly`; `@every <n><s|m|h|d>[/<phase>]` (an interval); a leading `CRON_TZ=<zone>` or `TZ=<zone>`;
 * a trailing `# comment`. Day-of-month and day-of-week must both match (no cron "or" rule).
 */
import type { temporal, Plain } from '../proto';

type Range = Plain<temporal.api.schedule.v1.IRange>;
export type StructuredCalendar = Plain<temporal.api.schedule.v1.IStructuredCalendarSpec>;
type CalendarStrings = Plain<temporal.api.schedule.v1.ICalendarSpec>;

/** A spec the service cannot use; the message names the offending part. */
export class ScheduleSpecError extends Error {}

interface FieldDef { name: string; min: number; max: number; names?: string[] }

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS = {
  second: { name: 'second', min: 0, max: 59 },
  minute: { name: 'minute', min: 0, max: 59 },
  hour: { name: 'hour', min: 0, max: 23 },
  dayOfMonth: { name: 'day of month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTHS },
  year: { name: 'year', min: 1970, max: 2999 },
  dayOfWeek: { name: 'day of week', min: 0, max: 7, names: DAYS },
} satisfies Record<string, FieldDef>;

function value(text: string, f: FieldDef): number {
  const lower = text.toLowerCase();
  if (f.names) {
    const i = f.names.findIndex((n) => lower.startsWith(n));
    if (i >= 0 && /^[a-z]+$/.test(lower)) return f === FIELDS.month ? i + 1 : i;
  }
  if (!/^\d+$/.test(text)) throw new ScheduleSpecError(`${f.name}: "${text}" is not a number`);
  const n = Number(text);
  if (n < f.min || n > f.max) throw new ScheduleSpecError(`${f.name}: ${n} is outside ${f.min}-${f.max}`);
  return n;
}

/** One field's text as ranges; `*` in the year field is "every year", i.e. no ranges. */
export function parseField(text: string, f: FieldDef): Range[] {
  if (text === '') throw new ScheduleSpecError(`${f.name}: empty`);
  const ranges: Range[] = [];
  for (const part of text.split(',')) {
    const [body, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new ScheduleSpecError(`${f.name}: "${part}" has two steps`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new ScheduleSpecError(`${f.name}: step "${stepText}" must be a positive whole number`);
    let start: number;
    let end: number;
    if (body === '*' || body === '?') {
      if (f === FIELDS.year && stepText === undefined) return [];
      start = f.min;
      end = f === FIELDS.dayOfWeek ? 6 : f.max;
    } else if (body.includes('-')) {
      const [a, b] = body.split('-');
      start = value(a, f);
      end = value(b, f);
      if (end < start) throw new ScheduleSpecError(`${f.name}: range "${body}" ends before it starts`);
    } else {
      start = value(body, f);
      end = stepText === undefined ? start : f.max;
    }
    if (f === FIELDS.dayOfWeek && end === 7) {
      // 7 is Sunday too
      if ((7 - start) % step === 0) ranges.push({ start: 0, end: 0, step: 1 });
      if (start === 7) continue;
      end = 6;
    }
    ranges.push({ start, end, step });
  }
  return ranges;
}

const SHORTHANDS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

export interface CompiledCron { calendar?: StructuredCalendar; intervalMs?: number; phaseMs?: number; timezone?: string }

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function durationText(text: string, what: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) throw new ScheduleSpecError(`${what}: "${text}" is not a whole number followed by s, m, h or d`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

export function compileCron(cron: string): CompiledCron {
  let text = cron.trim();
  const hash = text.indexOf('#');
  const comment = hash >= 0 ? text.slice(hash + 1).trim() : '';
  if (hash >= 0) text = text.slice(0, hash).trim();
  let timezone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(text);
  if (tz) {
    timezone = tz[1];
    text = tz[2].trim();
  }
  if (text.startsWith('@every')) {
    const [interval, phase] = text.slice('@every'.length).trim().split('/');
    const intervalMs = durationText(interval, `cron string "${cron}"`);
    if (intervalMs <= 0) throw new ScheduleSpecError(`cron string "${cron}": the interval must be positive`);
    return { intervalMs, phaseMs: phase ? durationText(phase, `cron string "${cron}"`) : 0, timezone };
  }
  const fields = (SHORTHANDS[text.toLowerCase()] ?? text).split(/\s+/);
  let parts: string[];
  if (fields.length === 5) parts = ['0', ...fields, '*'];
  else if (fields.length === 6) parts = ['0', ...fields];
  else if (fields.length === 7) parts = fields;
  else throw new ScheduleSpecError(`cron string "${cron}" has ${fields.length} fields; 5, 6 or 7 expected`);
  const [second, minute, hour, dayOfMonth, month, dayOfWeek, year] = parts;
  try {
    return {
      timezone,
      calendar: {
        second: parseField(second, FIELDS.second), minute: parseField(minute, FIELDS.minute), hour: parseField(hour, FIELDS.hour),
        dayOfMonth: parseField(dayOfMonth, FIELDS.dayOfMonth), month: parseField(month, FIELDS.month),
        dayOfWeek: parseField(dayOfWeek, FIELDS.dayOfWeek), year: parseField(year, FIELDS.year), comment,
      },
    };
  } catch (err) {
    if (err instanceof ScheduleSpecError) throw new ScheduleSpecError(`cron string "${cron}": ${err.message}`);
    throw err;
  }
}

/** A CalendarSpec (strings) as a structured calendar; unset fields take the server's defaults. */
export function compileCalendarStrings(c: CalendarStrings): StructuredCalendar {
  const f = (text: string | null | undefined, def: string, field: FieldDef) => parseField(text || def, field);
  return {
    second: f(c.second, '0', FIELDS.second), minute: f(c.minute, '0', FIELDS.minute), hour: f(c.hour, '0', FIELDS.hour),
    dayOfMonth: f(c.dayOfMonth, '*', FIELDS.dayOfMonth), month: f(c.month, '*', FIELDS.month),
    year: f(c.year, '*', FIELDS.year), dayOfWeek: f(c.dayOfWeek, '*', FIELDS.dayOfWeek), comment: c.comment ?? '',
  };
}
