// Bounds on what one FEEL expression may cost. feelin has no limits of its own:
// `for i in 1..100000000 return i` builds a hundred million values and takes the worker's memory
// with it. A diagram is refused at deploy when an expression is too long or iterates over a literal
// range that is too large; at run time every range a FEEL expression enumerates and every function
// it calls spend one step of a per-evaluation budget, and a string or list beyond its size limit
// stops it. Counting steps, not time, keeps the bounds deterministic, as workflow code must be.
import { FeelFunction, FeelRange, parseExpression } from 'feelin';

export const FEEL_LIMITS = {
  /** characters of one expression */
  expressionChars: 10_000,
  /** values one range may enumerate (`for i in 1..n`) */
  rangeValues: 10_000,
  /** range values enumerated plus functions called, in one evaluation */
  steps: 100_000,
  /** characters of a string a function receives or returns */
  stringChars: 100_000,
  /** items of a list a function receives or returns */
  listItems: 10_000,
} as const;

/** A FEEL expression went past one of FEEL_LIMITS; the message says which. */
export class FeelLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeelLimitError';
  }
}

/** An expression longer than expressionChars (checked before parsing it). */
export function feelLengthProblem(source: string): string | null {
  return source.length > FEEL_LIMITS.expressionChars ? `is ${source.length} characters long, more than the limit of ${FEEL_LIMITS.expressionChars}` : null;
}

/**
 * Limits visible in the source alone: its length, a literal range iterated over beyond
 * rangeValues, and `partial` (feelin's access to a `for`'s earlier results, with which a loop can
 * double a string per step). Null when there is nothing to say.
 */
export function feelSourceProblem(source: string): string | null {
  const tooLong = feelLengthProblem(source);
  if (tooLong) return tooLong;
  let problem: string | null = null;
  parseExpression(source, {}, undefined).iterate({
    enter(ref) {
      if (problem) return false;
      if (ref.name === 'VariableName' && source.slice(ref.from, ref.to) === 'partial') {
        problem = 'uses "partial" (a loop over its own earlier results), which gridflow does not allow';
        return false;
      }
      const node = ref.node;
      const iterated = ref.name === 'IterationContext' || (ref.name === 'Interval' && node.parent?.name === 'InExpression');
      if (!iterated) return undefined;
      const bounds = node.getChildren('NumericLiteral').map((n) => Number(source.slice(n.from, n.to)));
      if (bounds.length === 2 && bounds.every(Number.isFinite)) {
        const values = Math.floor(Math.abs(bounds[1]! - bounds[0]!)) + 1;
        if (values > FEEL_LIMITS.rangeValues) {
          problem = `iterates over ${source.slice(ref.from, ref.to)} (${values} values), more than the limit of ${FEEL_LIMITS.rangeValues}`;
          return false;
        }
      }
      return undefined;
    },
  });
  return problem;
}

interface Budget { steps: number }
let budget: Budget | null = null;

function spend(n: number): void {
  if (!budget) return;
  budget.steps += n;
  if (budget.steps > FEEL_LIMITS.steps) {
    throw new FeelLimitError(`takes more than ${FEEL_LIMITS.steps} steps (range values enumerated and functions called)`);
  }
}

function checkSize(value: unknown, what: string): void {
  if (!budget) return;
  if (typeof value === 'string' && value.length > FEEL_LIMITS.stringChars) {
    throw new FeelLimitError(`${what} a string of ${value.length} characters, more than the limit of ${FEEL_LIMITS.stringChars}`);
  }
  if (Array.isArray(value) && value.length > FEEL_LIMITS.listItems) {
    throw new FeelLimitError(`${what} a list of ${value.length} items, more than the limit of ${FEEL_LIMITS.listItems}`);
  }
}

/** How many values `range.map` would produce: closed number ranges only (letter ranges hold at most 52). */
function rangeSize(range: FeelRange): number {
  const { start, end } = range as unknown as { start: unknown; end: unknown };
  if (typeof start !== 'number' || typeof end !== 'number') return 0;
  return Math.floor(Math.abs(end - start)) + 1;
}

// feelin enumerates every iterated range through FeelRange#map and calls every function, built-in
// or written in FEEL, through FeelFunction#invoke: wrapping these two once is enough to meter an
// evaluation. Outside runWithinFeelLimits (no budget) they behave exactly as before.
const GUARDED = Symbol.for('gridflow.feelLimits');
const rangeProto = FeelRange.prototype as unknown as Record<PropertyKey, unknown> & { map: (fn: (v: unknown) => unknown) => unknown[] };
const functionProto = FeelFunction.prototype as unknown as Record<PropertyKey, unknown> & { invoke: (args: unknown) => unknown };
if (!rangeProto[GUARDED]) {
  const map = rangeProto.map;
  rangeProto.map = function guardedMap(this: FeelRange, fn: (v: unknown) => unknown) {
    if (budget) {
      const size = rangeSize(this);
      if (size > FEEL_LIMITS.rangeValues) throw new FeelLimitError(`enumerates a range of ${size} values, more than the limit of ${FEEL_LIMITS.rangeValues}`);
      spend(size);
    }
    return map.call(this, fn);
  };
  rangeProto[GUARDED] = true;
  const invoke = functionProto.invoke;
  functionProto.invoke = function guardedInvoke(this: FeelFunction, args: unknown) {
    if (budget) {
      spend(1);
      for (const a of Array.isArray(args) ? args : Object.values((args ?? {}) as object)) checkSize(a, 'passes a function');
    }
    const result = invoke.call(this, args);
    checkSize(result, 'gets from a function');
    return result;
  };
  functionProto[GUARDED] = true;
}

/** The value an evaluation gives, held to the same size limits (inside runWithinFeelLimits). */
export function checkFeelResult(value: unknown): void {
  checkSize(value, 'gives');
}

/** Runs one evaluation under a fresh budget (nested evaluations get their own). */
export function runWithinFeelLimits<T>(run: () => T): T {
  const outer = budget;
  budget = { steps: 0 };
  try {
    return run();
  } finally {
    budget = outer;
  }
}
