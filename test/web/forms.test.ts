// The task form's client-side check, the inbox ordering, and the gov-modeler's quick checks.
import { checkForm } from '../../server/web/src/forms/validate';
import { formatOptions, isDurationOrFeel, parseOptions, parseUnitGroup, unitGroupExpression } from '../../server/web/src/gov-modeler/validate';
import type { FormField } from '../../bpmn/graph';

const fields: FormField[] = [
  { id: 'decision', label: '审查结论', type: 'enum', required: true, options: [{ value: 'pass', label: '通过' }, { value: 'veto', label: '否决' }] },
  { id: 'score', label: '评分', type: 'number', required: false, min: 0, max: 100 },
  { id: 'urgent', label: '紧急', type: 'boolean', required: false },
  { id: 'on', label: '日期', type: 'date', required: false },
  { id: 'reason', label: '理由', type: 'text', required: false },
];

test('valid input becomes typed variables', () => {
  const r = checkForm(fields, { decision: 'veto', score: '85', urgent: 'true', on: '2026-03-01', reason: '<b>不合格</b>' });
  expect(r.errors).toEqual({});
  expect(r.values).toEqual({ decision: 'veto', score: 85, urgent: true, on: '2026-03-01', reason: '<b>不合格</b>' });
});

test('missing, out-of-range, unknown option and malformed values are reported per field', () => {
  const r = checkForm(fields, { decision: '', score: '101', on: '03/01/2026' });
  expect(r.errors.decision.key).toBe('form.required');
  expect(r.errors.score).toEqual({ key: 'form.max', params: { max: 100 } });
  expect(r.errors.on.key).toBe('form.date');
  expect(checkForm(fields, { decision: 'maybe' }).errors.decision.key).toBe('form.choose');
  expect(checkForm(fields, { decision: 'pass', score: 'abc' }).errors.score.key).toBe('form.number');
  expect(checkForm(fields, { decision: 'pass', score: '-1' }).errors.score).toEqual({ key: 'form.min', params: { min: 0 } });
  // optional fields left empty are simply absent
  expect(checkForm(fields, { decision: 'pass' }).values).toEqual({ decision: 'pass' });
});

test('durations: ISO 8601 or FEEL, nothing else', () => {
  for (const ok of ['P5D', 'PT4H', 'P1DT12H', 'PT0S', 'P2W', '=dueDays', '']) expect(isDurationOrFeel(ok)).toBe(true);
  for (const bad of ['5 days', 'P', 'PT', 'P5X', '5D']) expect(isDurationOrFeel(bad)).toBe(false);
});

test('enum options round-trip through the one-line editor', () => {
  const opts = parseOptions('pass:通过, veto:否决;defer');
  expect(opts).toEqual([{ value: 'pass', label: '通过' }, { value: 'veto', label: '否决' }, { value: 'defer', label: 'defer' }]);
  expect(formatOptions(opts)).toBe('pass:通过, veto:否决, defer');
  expect(parseOptions('a:甲,b:乙')).toEqual([{ value: 'a', label: '甲' }, { value: 'b', label: '乙' }]);
});

test('the candidate-group pickers read back the expression they write', () => {
  const expr = unitGroupExpression('dept-police', 'reviewer');
  expect(expr).toBe('=["unit:dept-police:reviewer"]');
  expect(parseUnitGroup(expr)).toEqual({ unit: 'dept-police', role: 'reviewer' });
  expect(parseUnitGroup('=["unit:a:b", "unit:c:d"]')).toBeNull();
  expect(parseUnitGroup('=["unit:" + department + ":reviewer"]')).toBeNull();
});
