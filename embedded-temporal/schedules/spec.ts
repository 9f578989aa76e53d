/**
 * A schedule's spec: which nominal times it fires at, and when each action actually happens
 * (nominal time plus jitter).
 *
 * `compileSpec` validates a ScheduleSpec and turns cron strings and string calendars into
 * structured calendars, as the server does (DescribeSchedule returns the compiled form).
 * Calendars are matched in wall-clock time of the spec's IANA time zone (UTC when unset), converted
 * with Intl; intervals count from the Unix epoch plus their phase. Times are whole seconds.
 */
import { createHash } from 'node:crypto';
import { durationMs, msToDuration, timestampMs, type temporal, type Plain } from '../proto';
import { compileCalendarStrings, compileCron, ScheduleSpecError, type StructuredCalendar } from './cron';

export type ScheduleSpec = Plain<temporal.api.schedule.v1.IScheduleSpec>;
type Range = Plain<temporal.api.schedule.v1.IRange>;

export { ScheduleSpecError };

/** How far ahead a calendar is searched before concluding it never fires again. */
const SEARCH_YEARS = 100;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The zone's wall-clock time at `utcMs`, expressed as if it were UTC. */
function wallAt(utcMs: number, timezone: string): number {
  if (!timezone || timezone === 'UTC') return utcMs;
  const p: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The UTC instant showing wall-clock time `wallMs` in the zone (the later offset in a DST gap). */
function utcOf(wallMs: number, timezone: string): number {
  if (!timezone || timezone === 'UTC') return wallMs;
  const first = wallMs - (wallAt(wallMs, timezone) - wallMs);
  return wallMs - (wallAt(first, timezone) - first);
}

export function compileSpec(spec: ScheduleSpec | null | undefined): ScheduleSpec {
  if (!spec) throw new ScheduleSpecError('the schedule has no spec');
  let timezone = spec.timezoneName ?? '';
  const structuredCalendar: StructuredCalendar[] = [...(spec.structuredCalendar ?? [])];
  const interval = [...(spec.interval ?? [])];
  for (const c of spec.calendar ?? []) structuredCalendar.push(compileCalendarStrings(c));
  for (const cron of spec.cronString ?? []) {
    const compiled = compileCron(cron);
    if (compiled.timezone) {
      if (timezone && timezone !== compiled.timezone) throw new ScheduleSpecError(`cron string "${cron}" names time zone ${compiled.timezone} but the spec's is ${timezone}`);
      timezone = compiled.timezone;
    }
    if (compiled.calendar) structuredCalendar.push(compiled.calendar);
    else interval.push({ interval: msToDuration(compiled.intervalMs!), phase: compiled.phaseMs ? msToDuration(compiled.phaseMs) : undefined });
  }
  const exclude = [...(spec.excludeStructuredCalendar ?? []), ...(spec.excludeCalendar ?? []).map(compileCalendarStrings)];
  if (timezone) {
    try {
      formatter(timezone);
    } catch {
      throw new ScheduleSpecError(`unknown time zone "${timezone}"`);
    }
  }
  interval.forEach((iv, i) => {
    const every = durationMs(iv.interval) ?? 0;
    if (every < 1000) throw new ScheduleSpecError(`interval ${i}: must be at least one second`);
    if ((durationMs(iv.phase) ?? 0) >= every) throw new ScheduleSpecError(`interval ${i}: the phase must be shorter than the interval`);
  });
  [...structuredCalendar, ...exclude].forEach((c, i) => checkCalendar(c, i));
  const start = timestampMs(spec.startTime);
  const end = timestampMs(spec.endTime);
  if (start !== undefined && end !== undefined && end < start) throw new ScheduleSpecError('endTime is before startTime');
  return {
    structuredCalendar, interval, excludeStructuredCalendar: exclude, startTime: spec.startTime ?? undefined, endTime: spec.endTime ?? undefined,
    jitter: spec.jitter ?? undefined, timezoneName: timezone || undefined,
  };
}

const LIMITS: Array<[keyof StructuredCalendar, number, number]> = [
  ['second', 0, 59], ['minute', 0, 59], ['hour', 0, 23], ['dayOfMonth', 1, 31], ['month', 1, 12], ['dayOfWeek', 0, 6], ['year', 1970, 9999],
];
function checkCalendar(c: StructuredCalendar, index: number): void {
  for (const [field, min, max] of LIMITS) {
    for (const r of (c[field] as Range[] | undefined) ?? []) {
      const start = r.start ?? 0;
      const end = Math.max(r.end ?? 0, start);
      if (start < min || end > max) throw new ScheduleSpecError(`calendar ${index}: ${field} ${start}-${end} is outside ${min}-${max}`);
    }
  }
}

function inRanges(ranges: Range[] | null | undefined, v: number, emptyMatchesAll = false): boolean {
  if (!ranges || ranges.length === 0) return emptyMatchesAll;
  return ranges.some((r) => {
    const start = r.start ?? 0;
    const end = Math.max(r.end ?? 0, start);
    const step = r.step && r.step > 0 ? r.step : 1;
    return v >= start && v <= end && (v - start) % step === 0;
  });
}

function values(ranges: Range[] | null | undefined, min: number, max: number): number[] {
  const out: number[] = [];
  for (let v = min; v <= max; v++) if (inRanges(ranges, v)) out.push(v);
  return out;
}

/** The first time after `afterMs` matching the calendar in `timezone`, or undefined within SEARCH_YEARS. */
function nextCalendarTime(c: StructuredCalendar, afterMs: number, timezone: string): number | undefined {
  const hours = values(c.hour, 0, 23);
  const minutes = values(c.minute, 0, 59);
  const seconds = values(c.second, 0, 59);
  if (hours.length === 0 || minutes.length === 0 || seconds.length === 0) return undefined;
  const wallStart = wallAt(afterMs, timezone);
  // a DST shift can move wall time by up to a few hours against UTC: start a day early and compare in UTC
  let day = Math.floor(wallStart / DAY_MS) * DAY_MS - DAY_MS;
  const lastDay = day + SEARCH_YEARS * 366 * DAY_MS;
  for (; day <= lastDay; day += DAY_MS) {
    const d = new Date(day);
    if (!inRanges(c.year, d.getUTCFullYear(), true)) {
      // jump to the next January 1st
      day = Date.UTC(d.getUTCFullYear() + 1, 0, 1) - DAY_MS;
      continue;
    }
    if (!inRanges(c.month, d.getUTCMonth() + 1)) continue;
    if (!inRanges(c.dayOfMonth, d.getUTCDate()) || !inRanges(c.dayOfWeek, d.getUTCDay())) continue;
    if (day + DAY_MS < wallStart - 4 * 3_600_000) continue;
    for (const h of hours) {
      for (const m of minutes) {
        for (const s of seconds) {
          const wall = day + h * 3_600_000 + m * 60_000 + s * 1000;
          if (wall < wallStart - 4 * 3_600_000) continue;
          const utc = utcOf(wall, timezone);
          if (utc > afterMs && wallAt(utc, timezone) === wall) return utc;
        }
      }
    }
  }
  return undefined;
}

function matchesCalendar(c: StructuredCalendar, utcMs: number, timezone: string): boolean {
  const d = new Date(wallAt(utcMs, timezone));
  return inRanges(c.year, d.getUTCFullYear(), true) && inRanges(c.month, d.getUTCMonth() + 1) && inRanges(c.dayOfMonth, d.getUTCDate()) &&
    inRanges(c.dayOfWeek, d.getUTCDay()) && inRanges(c.hour, d.getUTCHours()) && inRanges(c.minute, d.getUTCMinutes()) && inRanges(c.second, d.getUTCSeconds());
}

/** The first nominal time strictly after `afterMs` (start/end time and exclusions applied). */
export function nextNominalTime(spec: ScheduleSpec, afterMs: number): number | undefined {
  const timezone = spec.timezoneName ?? '';
  const start = timestampMs(spec.startTime);
  const end = timestampMs(spec.endTime);
  let after = Math.floor(afterMs / 1000) * 1000;
  if (start !== undefined && after < start - 1000) after = Math.ceil(start / 1000) * 1000 - 1000;
  for (let guard = 0; guard < 10_000; guard++) {
    let best: number | undefined;
    for (const c of spec.structuredCalendar ?? []) {
      const t = nextCalendarTime(c, after, timezone);
      if (t !== undefined && (best === undefined || t < best)) best = t;
    }
    for (const iv of spec.interval ?? []) {
      const every = durationMs(iv.interval)!;
      const phase = durationMs(iv.phase) ?? 0;
      const t = phase + (Math.floor((after - phase) / every) + 1) * every;
      if (best === undefined || t < best) best = t;
    }
    if (best === undefined || (end !== undefined && best > end)) return undefined;
    if (!(spec.excludeStructuredCalendar ?? []).some((c) => matchesCalendar(c, best!, timezone))) return best;
    after = best;
  }
  return undefined;
}

/**
 * The action time of a nominal time: delayed by a jitter drawn deterministically from the
 * schedule id and the nominal time (so a restart recomputes the same delay), never beyond the
 * next nominal time.
 */
export function actionTime(spec: ScheduleSpec, scheduleId: string, nominal: number): number {
  const jitter = durationMs(spec.jitter) ?? 0;
  if (jitter <= 0) return nominal;
  const next = nextNominalTime(spec, nominal);
  const limit = next === undefined ? jitter : Math.min(jitter, next - nominal);
  if (limit <= 0) return nominal;
  const digest = createHash('sha256').update(`${scheduleId}\u0000${nominal}`).digest();
  return nominal + (digest.readUInt32BE(0) % Math.floor(limit));
}

export interface FireTime { nominal: number; actual: number }

/** The next fire after the nominal time `afterNominal`. */
export function nextFire(spec: ScheduleSpec, scheduleId: string, afterNominal: number): FireTime | undefined {
  const nominal = nextNominalTime(spec, afterNominal);
  return nominal === undefined ? undefined : { nominal, actual: actionTime(spec, scheduleId, nominal) };
}

/** Up to `n` action times after `afterMs`. */
export function futureActionTimes(spec: ScheduleSpec, scheduleId: string, afterMs: number, n: number): number[] {
  const out: number[] = [];
  let t = afterMs;
  while (out.length < n) {
    const f = nextFire(spec, scheduleId, t);
    if (!f) break;
    out.push(f.actual);
    t = f.nominal;
  }
  return out;
}
