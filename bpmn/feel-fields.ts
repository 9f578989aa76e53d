// Reading attribute values that are FEEL, literals or ISO times, checking each and reporting a
// problem that names the element and the attribute. Return values are what the graph stores.
import { feelString, isFeel, isIsoCycle, isIsoDate, isIsoDuration, parseFeel, stripFeel } from './feel';
import type { Feel, IsoTime } from './graph';
import type { ProblemList } from './problems';

function present(raw: unknown): raw is string {
  return typeof raw === 'string' && raw.trim() !== '';
}

/** A value that is always FEEL, written with or without '=' (sequence flow conditions, completionCondition). */
export function readFeel(problems: ProblemList, elementId: string, what: string, raw: unknown): Feel | undefined {
  if (!present(raw)) return undefined;
  const parsed = parseFeel(raw);
  if (!parsed.ok) {
    problems.add(elementId, `${what}: ${parsed.message}`);
    return undefined;
  }
  return stripFeel(raw);
}

/**
 * FEEL when it starts with '=', else a literal: 'string' becomes a FEEL string literal, 'list' a FEEL
 * list of the comma-separated items (Zeebe's convention for candidate groups).
 */
export function readFeelOrLiteral(
  problems: ProblemList,
  elementId: string,
  what: string,
  raw: unknown,
  literal: 'string' | 'list',
): Feel | undefined {
  if (!present(raw)) return undefined;
  if (isFeel(raw)) return readFeel(problems, elementId, what, raw);
  if (literal === 'string') return feelString(raw.trim());
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return `[${items.map(feelString).join(', ')}]`;
}

const TIME_CHECK = { duration: isIsoDuration, date: isIsoDate, cycle: isIsoCycle } as const;
const TIME_EXAMPLE = {
  duration: 'an ISO 8601 duration such as P5D or PT2H',
  date: 'an ISO 8601 date-time with a time zone such as 2026-03-01T09:00:00+08:00',
  cycle: 'an ISO 8601 repeating interval such as R3/PT1H',
} as const;

/** An ISO 8601 time of the given kind, or FEEL with '='. FEEL keeps its '=' (see graph.ts). */
export function readTime(
  problems: ProblemList,
  elementId: string,
  what: string,
  raw: unknown,
  kind: 'duration' | 'date' | 'cycle',
): IsoTime | undefined {
  if (!present(raw)) return undefined;
  if (isFeel(raw)) {
    const feel = readFeel(problems, elementId, what, raw);
    return feel === undefined ? undefined : `=${feel}`;
  }
  const value = raw.trim();
  if (!TIME_CHECK[kind](value)) {
    problems.add(elementId, `${what} "${value}" is not ${TIME_EXAMPLE[kind]} (or FEEL starting with =)`);
    return undefined;
  }
  return value;
}

const NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** A plain variable name (the target of a mapping, a result variable, an input element). */
export function readVariableName(problems: ProblemList, elementId: string, what: string, raw: unknown): string | undefined {
  if (!present(raw)) return undefined;
  const name = raw.trim();
  if (!NAME.test(name)) {
    problems.add(elementId, `${what} "${name}" is not a variable name (letters, digits and _, not starting with a digit)`);
    return undefined;
  }
  return name;
}
