import { VisibilityQueryError } from './errors';
import type { Literal } from './parser';

/** Temporal's WorkflowExecutionStatus enum, by the short names the List Filter accepts. */
export const EXECUTION_STATUS: Readonly<Record<string, number>> = {
  Running: 1, Completed: 2, Failed: 3, Canceled: 4, Terminated: 5, ContinuedAsNew: 6, TimedOut: 7, Paused: 8,
};

const STATUS_BY_UPPER = new Map<string, number>();
for (const [name, code] of Object.entries(EXECUTION_STATUS)) {
  STATUS_BY_UPPER.set(name.toUpperCase(), code);
  // The proto spelling, which Temporal's parser also accepts.
  STATUS_BY_UPPER.set(`WORKFLOW_EXECUTION_STATUS_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`, code);
}

function fail(literal: Literal, reason: string): never {
  throw new VisibilityQueryError(reason, literal.token.text, literal.token.position);
}

export function keywordValue(literal: Literal, attribute: string): string {
  if (literal.kind !== 'string') fail(literal, `${attribute} is compared with a quoted string`);
  return literal.value;
}

export function statusValue(literal: Literal): number {
  if (literal.kind === 'string') {
    const code = STATUS_BY_UPPER.get(literal.value.toUpperCase());
    if (code === undefined) fail(literal, `not an ExecutionStatus (one of ${Object.keys(EXECUTION_STATUS).join(', ')})`);
    return code;
  }
  if (literal.kind === 'number' && /^\d+$/.test(literal.value)) {
    const code = Number(literal.value);
    if (code >= 1 && code <= 8) return code;
  }
  fail(literal, `not an ExecutionStatus (one of ${Object.keys(EXECUTION_STATUS).join(', ')})`);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * A time literal as epoch milliseconds. Like Temporal: an RFC 3339 string, or an integer counting
 * nanoseconds since the epoch. Sub-millisecond digits survive as a fraction, so comparisons
 * against the integer-millisecond columns stay exact.
 */
export function timeValue(literal: Literal, attribute: string): number {
  if (literal.kind === 'number' && /^-?\d+$/.test(literal.value)) {
    const nanos = BigInt(literal.value);
    const ms = nanos / 1_000_000n;
    const rest = nanos % 1_000_000n;
    const value = Number(ms) + Number(rest) / 1e6;
    if (!Number.isFinite(value)) fail(literal, `${attribute}: time out of range`);
    return value;
  }
  if (literal.kind !== 'string') fail(literal, `${attribute} is compared with an RFC 3339 time such as '2026-01-01T00:00:00Z'`);
  const m = RFC3339.exec(literal.value);
  if (!m) fail(literal, `${attribute}: not an RFC 3339 time such as '2026-01-01T00:00:00Z'`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    fail(literal, `${attribute}: no such date or time`);
  }
  let offsetMinutes = 0;
  if (m[9]) {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 23 || om > 59) fail(literal, `${attribute}: bad time zone offset`);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const base = new Date(0);
  base.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years 0000-0099 literal, Date.UTC would not
  base.setUTCHours(hour, minute, second, 0);
  const fraction = m[7] ? Number(m[7].padEnd(9, '0')) / 1e6 : 0;
  return base.getTime() - offsetMinutes * 60_000 + fraction;
}

/** A number literal for an Int or Double attribute. */
export function numberValue(literal: Literal, attribute: string, integer: boolean): number {
  if (literal.kind !== 'number' || (integer && !/^-?\d+$/.test(literal.value))) {
    fail(literal, `${attribute} is compared with ${integer ? 'an integer' : 'a number'}`);
  }
  const value = Number(literal.value);
  if (!Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) fail(literal, `${attribute}: number out of range`);
  return value;
}

export function boolValue(literal: Literal, attribute: string): number {
  if (literal.kind !== 'bool') fail(literal, `${attribute} is compared with true or false`);
  return literal.value ? 1 : 0; // json_extract yields 1/0 for JSON booleans
}

/** A value whose type nobody declared: the literal's own type decides. */
export function untypedValue(literal: Literal, attribute: string): string | number {
  if (literal.kind === 'string') return literal.value;
  if (literal.kind === 'bool') return literal.value ? 1 : 0;
  return numberValue(literal, attribute, false);
}
