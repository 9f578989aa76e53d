// ISO 8601 durations, date-times and repeating intervals, as timers and gov:dueIn use them.
// Pure and deterministic (no clock, no time zone of the host: everything is computed in UTC), so the
// workflow interpreter can use the same code the compiler validated with.

export class InvalidIsoTimeError extends Error {
  constructor(readonly value: string, readonly expected: 'duration' | 'date' | 'cycle', detail?: string) {
    super(`"${value}" is not an ISO 8601 ${expected}${detail ? ` (${detail})` : ''}`);
    this.name = 'InvalidIsoTimeError';
  }
}

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

export function parseIsoDuration(value: string): IsoDuration {
  const m = DURATION.exec(value);
  // "P" alone and a "T" with nothing after it match the pattern but say nothing.
  if (!m || value === 'P' || value.endsWith('T')) throw new InvalidIsoTimeError(value, 'duration', 'e.g. P5D, PT2H, P1DT12H');
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i].replace(',', '.')));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

export function isIsoDuration(value: string): boolean {
  return tryParse(() => parseIsoDuration(value));
}

/** The three exact parts a duration reduces to in UTC: calendar months, days, and seconds. */
interface DurationParts { months: number; days: number; seconds: number }

function parts(d: IsoDuration): DurationParts {
  return {
    months: d.years * 12 + d.months,
    days: d.weeks * 7 + d.days,
    seconds: d.hours * 3600 + d.minutes * 60 + d.seconds,
  };
}

function fromParts(p: DurationParts): IsoDuration {
  const secondsWhole = Math.floor(p.seconds);
  const fraction = p.seconds - secondsWhole;
  return {
    years: Math.floor(p.months / 12),
    months: p.months % 12,
    weeks: 0,
    days: p.days,
    hours: Math.floor(secondsWhole / 3600),
    minutes: Math.floor((secondsWhole % 3600) / 60),
    seconds: (secondsWhole % 60) + Math.round(fraction * 1000) / 1000,
  };
}

export function formatIsoDuration(d: IsoDuration): string {
  const date = `${d.years ? `${d.years}Y` : ''}${d.months ? `${d.months}M` : ''}${d.weeks ? `${d.weeks}W` : ''}${d.days ? `${d.days}D` : ''}`;
  const time = `${d.hours ? `${d.hours}H` : ''}${d.minutes ? `${d.minutes}M` : ''}${d.seconds ? `${d.seconds}S` : ''}`;
  if (!date && !time) return 'PT0S';
  return `P${date}${time ? `T${time}` : ''}`;
}

/** Sum of ISO durations, as one normalised ISO duration (P1D + PT36H = P1DT36H, not P2DT12H: days are calendar days). */
export function sumIsoDurations(values: string[]): string {
  const total: DurationParts = { months: 0, days: 0, seconds: 0 };
  for (const v of values) {
    const p = parts(parseIsoDuration(v));
    total.months += p.months;
    total.days += p.days;
    total.seconds += p.seconds;
  }
  return formatIsoDuration(fromParts(total));
}

/**
 * a − b as an ISO duration when that is exact (hours borrow from days, since we compute in UTC where
 * a day is 24 h; days never borrow from months, whose length varies), else null. Null also when the
 * result would be negative.
 */
export function subtractIsoDurations(a: string, b: string): string | null {
  const pa = parts(parseIsoDuration(a));
  const pb = parts(parseIsoDuration(b));
  const r: DurationParts = { months: pa.months - pb.months, days: pa.days - pb.days, seconds: pa.seconds - pb.seconds };
  while (r.seconds < 0 && r.days > 0) {
    r.days -= 1;
    r.seconds += 86400;
  }
  if (r.months < 0 || r.days < 0 || r.seconds < 0) return null;
  return formatIsoDuration(fromParts(r));
}

/** The calendar months (years × 12 + months) of an ISO duration: the part with no fixed length. */
export function isoDurationMonths(value: string): number {
  return parts(parseIsoDuration(value)).months;
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** dateMs + duration in UTC; adding months keeps the day of month, clamped to the month's end (Jan 31 + P1M = Feb 28/29). */
export function addDuration(dateMs: number, duration: string | IsoDuration): number {
  const p = parts(typeof duration === 'string' ? parseIsoDuration(duration) : duration);
  const d = new Date(dateMs);
  const monthIndex = d.getUTCMonth() + p.months;
  const year = d.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month0 = ((monthIndex % 12) + 12) % 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month0));
  const base = Date.UTC(year, month0, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return base + p.days * 86_400_000 + Math.round(p.seconds * 1000);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * An ISO 8601 date-time with an explicit zone (Z or ±hh:mm), as epoch milliseconds. A date-time
 * without a zone is refused: the server, the worker and the official may sit in different zones.
 */
export function parseIsoDate(value: string): number {
  const m = DATE_TIME.exec(value);
  if (!m) throw new InvalidIsoTimeError(value, 'date', 'e.g. 2026-03-01T09:00:00+08:00, with a time zone');
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1) || hour > 23 || minute > 59 || second > 59) {
    throw new InvalidIsoTimeError(value, 'date', 'no such date or time');
  }
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 14 || om > 59) throw new InvalidIsoTimeError(value, 'date', 'no such time zone offset');
    offsetMinutes = sign * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

export function isIsoDate(value: string): boolean {
  return tryParse(() => parseIsoDate(value));
}

export interface IsoCycle {
  /** how many times the timer fires; null = unbounded ("R/PT1H") */
  repetitions: number | null;
  /** first firing is start + interval; absent = from when the timer is entered */
  startMs?: number;
  interval: string;
}

/** R<n>/<duration> or R<n>/<start date-time>/<duration>; R/<duration> repeats without end. */
export function parseIsoCycle(value: string): IsoCycle {
  const m = /^R(\d*)\/(.+)$/.exec(value);
  if (!m) throw new InvalidIsoTimeError(value, 'cycle', 'e.g. R3/PT1H or R/P1D');
  const repetitions = m[1] === '' ? null : Number(m[1]);
  if (repetitions === 0) throw new InvalidIsoTimeError(value, 'cycle', 'R0 never fires');
  const rest = m[2].split('/');
  try {
    if (rest.length === 1) {
      parseIsoDuration(rest[0]);
      return { repetitions, interval: rest[0] };
    }
    if (rest.length === 2) {
      const startMs = parseIsoDate(rest[0]);
      parseIsoDuration(rest[1]);
      return { repetitions, startMs, interval: rest[1] };
    }
  } catch (e) {
    if (e instanceof InvalidIsoTimeError) throw new InvalidIsoTimeError(value, 'cycle', e.message);
    throw e;
  }
  throw new InvalidIsoTimeError(value, 'cycle', 'e.g. R3/PT1H or R/P1D');
}

export function isIsoCycle(value: string): boolean {
  return tryParse(() => parseIsoCycle(value));
}

function tryParse(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch (e) {
    if (e instanceof InvalidIsoTimeError) return false;
    throw e;
  }
}
