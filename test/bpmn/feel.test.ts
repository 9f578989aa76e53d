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
