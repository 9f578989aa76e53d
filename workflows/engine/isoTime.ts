// Timer arithmetic for the engine over the compiler's ISO 8601 helpers (bpmn/iso-time), so the
// compiler's checks and the interpreter's timers agree. Everything is computed from a given "now"
// (workflow time) and is deterministic on replay.
import { addDuration, parseIsoCycle, parseIsoDate } from '../../bpmn/iso-time';

export { addDuration };

export function parseDateTime(iso: string): number {
  return parseIsoDate(iso.trim());
}

export interface Cycle {
  /** -1 = unbounded */
  repetitions: number;
  firstAt: number;
  intervalMs: number;
}

/** R3/PT1H (first firing one interval from now), R/P1D, R2/2026-01-01T08:00:00Z/PT1H (first at the start, or now if past). */
export function parseCycle(iso: string, now: number): Cycle {
  const c = parseIsoCycle(iso.trim());
  const repetitions = c.repetitions ?? -1;
  if (c.startMs === undefined) {
    const firstAt = addDuration(now, c.interval);
    return { repetitions, firstAt, intervalMs: firstAt - now };
  }
  return { repetitions, firstAt: Math.max(c.startMs, now), intervalMs: addDuration(c.startMs, c.interval) - c.startMs };
}

/** A literal ISO time (P.., R../.., a date) rather than a FEEL expression. */
export function looksLikeIsoTime(s: string): boolean {
  return /^(-?P|R\d*\/|\d{4}-\d{2}-\d{2})/.test(s.trim());
}
