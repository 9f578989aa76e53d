// FEEL for the engine, through the compiler's evaluator (bpmn/feel): an unknown variable is an
// error (FeelEvaluationError), never null or false, and the engine turns it into an incident.
// Values are stored as plain JSON so they survive history, queries and continue-as-new.
import { evaluateFeel, feelValueToIso, FeelEvaluationError } from '../../bpmn/feel';
import type { Vars } from './types';

export { FeelEvaluationError };

/** Plain JSON of a FEEL value; feelin's temporal values become their ISO strings. */
function toPlain(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const iso = typeof value === 'object' ? feelValueToIso(value) : null;
  if (iso !== null) return iso;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export function evalFeel(expression: string, context: Vars): unknown {
  return toPlain(evaluateFeel(expression, context));
}

export function evalFeelBoolean(expression: string, context: Vars): boolean {
  const v = evalFeel(expression, context);
  if (typeof v !== 'boolean') {
    throw new FeelEvaluationError(expression, `gave ${JSON.stringify(v)}, not true or false`);
  }
  return v;
}
