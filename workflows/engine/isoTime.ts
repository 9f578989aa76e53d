// ISO 8601 durations, date-times and repeating intervals, computed from a given "now" (workflow
// time) so the result is deterministic on replay. Calendar parts (years, months) follow UTC dates.

export class TimeFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeFormatError';
  }
}

const DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** The instant `iso` (a duration like P5D or PT2H) after `from` (epoch ms). */
export function addDuration(from: number, iso: string): number {
  const m = DURATION.exec(iso.trim());
  if (!m || iso.trim() === 'P' || iso.trim().endsWith('T')) throw new TimeFormatError(`"${iso}" is not an ISO 8601 duration`);
  const sign = m[1] ? -1 : 1;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  const d = new Date(from);
  if (n(2) || n(3)) {
    d.setUTCFullYear(d.getUTCFullYear() + sign * n(2));
    d.setUTCMonth(d.getUTCMonth() + sign * n(3));
  }
  const ms = ((n(4) * 7 + n(5)) * 86400 + n(6) * 3600 + n(7) * 60 + n(8)) * 1000;
  return d.getTime() + sign * ms;
}

export function durationMs(iso: string, from = 0): number {
  return addDuration(from, iso) - from;
}

export function parseDateTime(iso: string): number {
  const t = Date.parse(iso.trim());
  if (Number.isNaN(t)) throw new TimeFormatError(`"${iso}" is not an ISO 8601 date-time`);
  return t;
}

export interface Cycle {
  /** -1 = unbounded */
  repetitions: number;
  firstAt: number;
  intervalMs: number;
}

/** R3/PT1H, R/P1D, R2/2026-01-01T08:00:00Z/PT1H */
export function parseCycle(iso: string, now: number): Cycle {
  const parts = iso.trim().split('/');
  const r = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!r || parts.length < 2 || parts.length > 3) throw new TimeFormatError(`"${iso}" is not an ISO 8601 repeating interval (R<n>/<duration>)`);
  const repetitions = r[1] === '' ? -1 : Number(r[1]);
  if (parts.length === 2) {
    const intervalMs = durationMs(parts[1]!, now);
    return { repetitions, firstAt: now + intervalMs, intervalMs };
  }
  const start = parseDateTime(parts[1]!);
  const intervalMs = durationMs(parts[2]!, start);
  return { repetitions, firstAt: Math.max(start, now), intervalMs };
}

export function looksLikeIsoTime(s: string): boolean {
  return /^(-?P|R\d*\/|\d{4}-\d{2}-\d{2})/.test(s.trim());
}
