// When a process-level timer start event starts instances, worked out from its ISO value and the
// moment the version was deployed. The server turns a plan into a Temporal Schedule; the compiler
// uses timerStartProblem to refuse, naming the element, what no schedule could run as drawn.
// Pure (no clock, UTC only) like iso-time.ts.
import type { TimerDefinition } from './graph';
import { addDuration, parseIsoCycle, parseIsoDate, parseIsoDuration, type IsoDuration } from './iso-time';

/**
 * - once: one start at `atMs` (timeDate; timeDuration counted from deployment).
 * - every: starts at firstMs, firstMs + everyMs, ... (a cycle of weeks, days, hours, minutes, seconds).
 * - monthly: starts on the calendar every `months` months (a cycle of whole years or months), at the
 *   day of month and time of day of firstMs.
 * `count` limits the starts of a cycle (R3/…); absent = no end (R/…).
 */
export type StartPlan =
  | { kind: 'once'; atMs: number }
  | { kind: 'every'; firstMs: number; everyMs: number; count?: number }
  | { kind: 'monthly'; firstMs: number; months: number; count?: number };

const DAY_MS = 86_400_000;

function fixedMs(d: IsoDuration): number {
  return (d.weeks * 7 + d.days) * DAY_MS + Math.round((d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000);
}

/** Why this timer cannot start a process, or null when it can. */
export function timerStartProblem(timer: TimerDefinition): string | null {
  if (timer.value.startsWith('=')) {
    return 'a FEEL timer on a start event is not supported: there are no variables before the instance starts; use a literal ISO 8601 date, duration or cycle';
  }
  if (timer.kind !== 'cycle') return null;
  const cycle = parseIsoCycle(timer.value);
  const d = parseIsoDuration(cycle.interval);
  const months = d.years * 12 + d.months;
  const fixed = fixedMs(d);
  if (months > 0 && fixed > 0) return `the cycle interval ${cycle.interval} mixes years or months with shorter units: use whole years, whole months or a fixed length`;
  if (months > 0 && months < 12 && 12 % months !== 0) return `the cycle interval ${cycle.interval} must divide a year (1, 2, 3, 4 or 6 months) or be whole years`;
  if (months >= 12 && months % 12 !== 0) return `the cycle interval ${cycle.interval} must be whole years when longer than a year`;
  if (months === 0 && fixed < 1000) return `the cycle interval ${cycle.interval} is shorter than a second`;
  if (months > 0 && cycle.startMs !== undefined && new Date(cycle.startMs).getUTCDate() > 28) {
    return 'a monthly or yearly cycle must start on day 1–28 of a month (UTC), which every month has';
  }
  return null;
}

/** The starts a timer start event makes, for a version deployed at deployedAtMs (whole seconds are used). */
export function startPlan(timer: TimerDefinition, deployedAtMs: number): StartPlan {
  const deployedAt = Math.floor(deployedAtMs / 1000) * 1000;
  switch (timer.kind) {
    case 'date':
      return { kind: 'once', atMs: parseIsoDate(timer.value) };
    case 'duration':
      return { kind: 'once', atMs: addDuration(deployedAt, timer.value) };
    case 'cycle': {
      const cycle = parseIsoCycle(timer.value);
      const d = parseIsoDuration(cycle.interval);
      // with a start date the first start is at that date; without, one interval after deployment
      let firstMs = cycle.startMs ?? addDuration(deployedAt, d);
      const months = d.years * 12 + d.months;
      const count = cycle.repetitions ?? undefined;
      if (months === 0) return { kind: 'every', firstMs, everyMs: fixedMs(d), ...(count ? { count } : {}) };
      // a deployment late in a month (the 29th–31st) moves a monthly series to the 28th, which every month has
      const first = new Date(firstMs);
      if (first.getUTCDate() > 28) firstMs -= (first.getUTCDate() - 28) * DAY_MS;
      return { kind: 'monthly', firstMs, months, ...(count ? { count } : {}) };
    }
  }
}
