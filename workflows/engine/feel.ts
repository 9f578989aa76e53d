// FEEL for the engine. An unknown variable must never read as null/false (a missing "decision"
// would silently route a vetting to "pass"), so any interpreter warning becomes an error that the
// engine turns into an incident.
// TODO(switch): use bpmn/feel.ts's evaluateFeel once the compiler ships it, so both agree.
import { evaluate } from 'feelin';
import type { Vars } from './types';

export class FeelError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeelError';
  }
}

function stripEquals(expr: string): string {
  const t = expr.trim();
  return t.startsWith('=') ? t.slice(1) : t;
}

/** Plain JSON of a FEEL value, so it can be stored in variables and history. */
function toPlain(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

export function evalFeel(expression: string, context: Vars): unknown {
  const source = stripEquals(expression);
  let result;
  try {
    result = evaluate(source, context);
  } catch (e) {
    throw new FeelError(source, `cannot evaluate FEEL "${source}": ${(e as Error).message}`);
  }
  const warning = result.warnings[0];
  if (warning) {
    throw new FeelError(source, `FEEL "${source}": ${warning.message}`);
  }
  return toPlain(result.value);
}

export function evalFeelBoolean(expression: string, context: Vars): boolean {
  const v = evalFeel(expression, context);
  if (typeof v !== 'boolean') {
    throw new FeelError(expression, `FEEL "${stripEquals(expression)}" gave ${JSON.stringify(v)}, not true or false`);
  }
  return v;
}
