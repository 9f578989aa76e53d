// FEEL for the engine, through the compiler's evaluator (bpmn/feel): an unknown variable is an
// error (FeelEvaluationError), never null or false, and the engine turns it into an incident.
// Values are stored as plain JSON so they survive history, queries and continue-as-new. An
// expression beyond FEEL_LIMITS (a huge range, runaway recursion) is such an error too: an incident
// naming the element, never a worker out of memory.
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

/** `limits`: FEEL_LIMITS apply (false only for histories recorded before they existed) */
export function evalFeel(expression: string, context: Vars, limits = true): unknown {
  return toPlain(evaluateFeel(expression, context, limits));
}

export function evalFeelBoolean(expression: string, context: Vars, limits = true): boolean {
  const v = evalFeel(expression, context, limits);
  if (typeof v !== 'boolean') {
    throw new FeelEvaluationError(expression, `gave ${JSON.stringify(v)}, not true or false`);
  }
  return v;
}
