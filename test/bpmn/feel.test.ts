// FEEL helpers shared by the compiler and the interpreter: an unknown variable is an error, never null.
import { evaluateFeel, FeelEvaluationError, feelString, feelValueToIso, isFeel, parseFeel, stripFeel, toJsonValue } from '../../bpmn/feel';

test('the = prefix marks FEEL; stripFeel removes it and nothing else', () => {
  expect(isFeel('=a + 1')).toBe(true);
  expect(isFeel('  = a')).toBe(true);
  expect(isFeel('P5D')).toBe(false);
  expect(stripFeel('= a = 1')).toBe('a = 1');
  expect(stripFeel('decision = "veto"')).toBe('decision = "veto"');
});

test('parseFeel accepts good FEEL with or without = and finds lezer\'s error nodes in bad FEEL', () => {
  expect(parseFeel('=count(votes[approve = true]) > 0')).toEqual({ ok: true });
  expect(parseFeel('{department: department, decision: decision}')).toEqual({ ok: true });
  expect(parseFeel('a +')).toEqual({ ok: false, message: 'FEEL "a +" does not parse: syntax error at position 4 (unexpected end)' });
  expect(parseFeel('[1, 2')).toMatchObject({ ok: false });
  expect(parseFeel('f(1))')).toMatchObject({ ok: false });
  expect(parseFeel('=')).toEqual({ ok: false, message: 'FEEL expression is empty' });
  expect(parseFeel('"a", "b"', 'unaryTests')).toEqual({ ok: true });
});

test('evaluateFeel computes with the context', () => {
  expect(evaluateFeel('=count(votes[approve = true])', { votes: [{ approve: true }, { approve: false }, { approve: true }] })).toBe(2);
  expect(evaluateFeel('decision = "veto"', { decision: 'veto' })).toBe(true);
  expect(evaluateFeel('x', { x: null })).toBeNull();
});

test('an unknown variable throws a FeelEvaluationError naming the expression and the variable', () => {
  let error: unknown;
  try {
    evaluateFeel('decision = "veto"', { decison: 'veto' });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(FeelEvaluationError);
  expect((error as FeelEvaluationError).message).toBe('FEEL "decision = "veto"": Variable \'decision\' not found');
  expect((error as FeelEvaluationError).expression).toBe('decision = "veto"');
  expect((error as FeelEvaluationError).warnings.map((w) => w.type)).toEqual(['NO_VARIABLE_FOUND']);
});

test('a missing context entry and a syntax error throw too', () => {
  expect(() => evaluateFeel('candidate.name', { candidate: {} })).toThrow(FeelEvaluationError);
  expect(() => evaluateFeel('a +', { a: 1 })).toThrow(/^FEEL "a \+": does not parse/);
});

test('feelString makes a literal FEEL reads back exactly', () => {
  for (const text of ['plain', 'say "hi"', 'back\\slash', '换行\n后']) {
    expect(evaluateFeel(feelString(text), {})).toBe(text);
  }
});

test('FEEL temporal values become ISO strings for timers', () => {
  expect(feelValueToIso(evaluateFeel('duration("P5D") - duration("PT12H")', {}))).toBe('P4DT12H');
  expect(feelValueToIso(evaluateFeel('date and time("2026-03-01T09:00:00Z") + duration("P1D")', {}))).toBe('2026-03-02T09:00:00Z');
  expect(feelValueToIso('P1D')).toBe('P1D');
  expect(feelValueToIso(42)).toBeNull();
});

test('toJsonValue makes FEEL results storable as workflow variables', () => {
  const value = evaluateFeel('{due: date and time("2026-03-01T09:00:00Z"), left: [duration("P1D")], n: 1, none: null}', {});
  expect(toJsonValue(value)).toEqual({ due: '2026-03-01T09:00:00Z', left: ['P1D'], n: 1, none: null });
  expect(() => toJsonValue(evaluateFeel('function(x) x + 1', {}), 'function(x) x + 1')).toThrow(FeelEvaluationError);
});

describe('FEEL limits', () => {
  test('a range built from a variable is bounded when it is enumerated', () => {
    expect(evaluateFeel('count(for i in 1..n return i)', { n: 10_000 })).toBe(10_000);
    expect(() => evaluateFeel('for i in 1..n return i', { n: 100_000_000 })).toThrow(/exceeds gridflow's FEEL limits: enumerates a range of 100000000 values, more than the limit of 10000/);
  });

  test('nested loops share one budget of steps', () => {
    expect(() => evaluateFeel('for a in 1..n, b in 1..n return a * b', { n: 5_000 })).toThrow(/takes more than 100000 steps/);
  });

  test('a FEEL function doubling a string on each call is stopped at the size limit', () => {
    expect(() => evaluateFeel('{f: function(s, k) if k = 0 then s else f(s + s, k - 1)}.f("x", 40)', {})).toThrow(/a string of 131072 characters, more than the limit of 100000/);
  });

  test('a FEEL function calling itself without end is a limit, not a parse error', () => {
    expect(() => evaluateFeel('{f: function(k) f(k + 1)}.f(1)', {})).toThrow(/calls a function within itself too deeply/);
  });

  test('an expression longer than the limit is refused before it runs', () => {
    const long = `"${'长'.repeat(10_000)}"`;
    expect(parseFeel(long)).toEqual({ ok: false, message: expect.stringMatching(/is 10002 characters long, more than the limit of 10000$/) });
    expect(() => evaluateFeel(long, {})).toThrow(FeelEvaluationError);
  });

  test('without limits (histories recorded before them) evaluation is as before', () => {
    expect(evaluateFeel('count(for i in 1..n return i)', { n: 20_000 }, false)).toBe(20_000);
  });
});
