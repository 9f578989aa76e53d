// FEEL helpers shared by the compiler and the workflow interpreter. Pure and deterministic: no Node
// APIs, no clock (feelin's now()/today() are the only impure FEEL functions; the compiler does not
// forbid them, the interpreter should pass a context that shadows them if it needs replay safety).
import { evaluate, parseExpression, parseUnaryTests, SyntaxError as FeelSyntaxError } from 'feelin';
import type { Warning } from 'feelin';
import { checkFeelResult, FeelLimitError, feelLengthProblem, feelSourceProblem, runWithinFeelLimits } from './feel-limits';

export * from './iso-time';
export { FEEL_LIMITS } from './feel-limits';

/** An attribute holding FEEL starts with '=' (Zeebe convention); without it the value is a literal. */
export function isFeel(value: string): boolean {
  return value.trimStart().startsWith('=');
}

/** The FEEL source without the leading '=' (unchanged when there is none). */
export function stripFeel(value: string): string {
  const trimmed = value.trimStart();
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : value.trim();
}

/** A FEEL string literal holding `text` exactly. */
export function feelString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

export type FeelParseResult = { ok: true } | { ok: false; message: string };

/**
 * Whether `expression` (with or without the leading '=') is well-formed FEEL. The lezer parser
 * recovers from errors by inserting error nodes (⚠) instead of throwing, so we walk the tree.
 */
export function parseFeel(expression: string, mode: 'expression' | 'unaryTests' = 'expression'): FeelParseResult {
  const source = stripFeel(expression);
  if (source === '') return { ok: false, message: 'FEEL expression is empty' };
  const tooLong = feelLengthProblem(source);
  if (tooLong) return { ok: false, message: `FEEL "${shorten(source)}" ${tooLong}` };
  try {
    const tree = mode === 'expression' ? parseExpression(source, {}, undefined) : parseUnaryTests(source, {}, undefined);
    let errorAt = -1;
    tree.iterate({
      enter(node) {
        if (errorAt >= 0) return false;
        if (node.type.isError) errorAt = node.from;
        return undefined;
      },
    });
    if (errorAt >= 0) {
      const near = source.slice(errorAt, errorAt + 12);
      return {
        ok: false,
        message: `FEEL "${source}" does not parse: syntax error at position ${errorAt + 1}${near ? ` near "${near}"` : ' (unexpected end)'}`,
      };
    }
    const tooCostly = mode === 'expression' ? cachedSourceProblem(source) : null;
    if (tooCostly) return { ok: false, message: `FEEL "${shorten(source)}" ${tooCostly}` };
    return { ok: true };
  } catch (e) {
    return { ok: false, message: `FEEL "${source}" does not parse: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** a long expression quoted in a message: its start */
function shorten(source: string): string {
  return source.length > 200 ? `${source.slice(0, 200)}…` : source;
}

// An engine evaluates the same few expressions of its diagram over and over: check each source once.
const sourceProblems = new Map<string, string | null>();
function cachedSourceProblem(source: string): string | null {
  let problem = sourceProblems.get(source);
  if (problem === undefined) {
    problem = feelSourceProblem(source);
    if (sourceProblems.size >= 1_000) sourceProblems.delete(sourceProblems.keys().next().value!);
    sourceProblems.set(source, problem);
  }
  return problem;
}

/** A FEEL expression could not be evaluated: syntax error, unknown variable, wrong types... */
export class FeelEvaluationError extends Error {
  constructor(
    readonly expression: string,
    readonly reason: string,
    readonly warnings: readonly Warning[] = [],
  ) {
    super(`FEEL "${expression}": ${reason}`);
    this.name = 'FeelEvaluationError';
  }
}

/** A FEEL expression went past FEEL_LIMITS (feel-limits.ts): too long, too many steps, too large a value. */
export class FeelLimitExceededError extends FeelEvaluationError {
  constructor(expression: string, reason: string) {
    super(shorten(expression), `exceeds gridflow's FEEL limits: ${reason}`);
    this.name = 'FeelLimitExceededError';
  }
}

/**
 * Evaluate FEEL against `context`. Any feelin warning (NO_VARIABLE_FOUND, NOT_COMPARABLE, ...) is an
 * error for gridflow: feelin would otherwise answer null or false, and a process would silently take
 * the wrong branch because a variable was misspelled. Evaluation is bounded by FEEL_LIMITS unless
 * `limits` is false (a workflow replaying a history recorded before the limits existed).
 */
export function evaluateFeel(expression: string, context: Record<string, unknown>, limits = true): unknown {
  const source = stripFeel(expression);
  let result: ReturnType<typeof evaluate>;
  try {
    if (limits) {
      const problem = cachedSourceProblem(source);
      if (problem) throw new FeelLimitError(problem);
      result = runWithinFeelLimits(() => {
        const r = evaluate(source, context);
        checkFeelResult(r.value);
        return r;
      });
    } else {
      result = evaluate(source, context);
    }
  } catch (e) {
    if (e instanceof FeelLimitError) throw new FeelLimitExceededError(source, e.message);
    // a FEEL function calling itself without end: the stack is the bound recursion meets first
    if (limits && e instanceof RangeError && /call stack/i.test(e.message)) throw new FeelLimitExceededError(source, 'calls a function within itself too deeply (the call stack ran out)');
    const reason = e instanceof FeelSyntaxError || e instanceof Error ? e.message : String(e);
    throw new FeelEvaluationError(source, `does not parse: ${reason}`);
  }
  if (result.warnings.length > 0) {
    throw new FeelEvaluationError(source, result.warnings.map((w) => w.message).join('; '), result.warnings);
  }
  return result.value;
}

/**
 * A FEEL result used as a timer value, as an ISO string: feelin returns its own temporal objects
 * (FeelDuration, FeelDateTime) whose string form is ISO 8601. Null when the value is no time at all.
 */
export function feelValueToIso(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'iso' in value && typeof (value as { iso: unknown }).iso === 'string') {
    return String(value);
  }
  return null;
}

/**
 * A FEEL result as plain JSON, fit for workflow variables and history: feelin's temporal values
 * become their ISO strings, undefined becomes null. Functions and ranges have no JSON form: error.
 */
export function toJsonValue(value: unknown, expression = '?'): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FeelEvaluationError(expression, `gave ${value}, which is not a JSON number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, expression));
  const iso = feelValueToIso(value);
  if (iso !== null) return iso;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v, expression)]));
  }
  throw new FeelEvaluationError(expression, `gave a ${typeof value === 'function' ? 'function' : (value as object).constructor?.name ?? 'value'}, which has no JSON form`);
}
