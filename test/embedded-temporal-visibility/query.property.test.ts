import fc from 'fast-check';
import { compileVisibilityQuery, VisibilityQueryError } from '../../embedded-temporal/visibility/query';
import { createVisibilityTable, listIds } from './visibility-table';

const db = createVisibilityTable();
afterAll(() => db.close());

// Fragments of real queries, so random sequences get past the lexer and exercise the parser.
const fragment = fc.constantFrom(
  'WorkflowId', 'WorkflowType', 'ExecutionStatus', 'StartTime', 'CloseTime', 'TaskQueue', 'Priority', '`Street`', '`a"b`',
  '=', '!=', '<>', '<', '<=', '>', '>=', 'IN', 'NOT', 'BETWEEN', 'STARTS_WITH', 'IS', 'NULL', 'AND', 'OR', 'ORDER BY',
  'GROUP BY', 'DESC', 'ASC', 'LIMIT', '(', ')', ',', "'Running'", "'2026-01-01T00:00:00Z'", "'wf-a1'", "'it''s'", '"x"',
  '3', '-1.5e3', '99999999999999999999999', 'true', "'", '`', '\\', ';', '--', '%', "'2026-02-30T00:00:00Z'",
);
const fragments = fc.array(fragment, { maxLength: 14 }).map((parts) => parts.join(' '));

/** Compiles and runs a query; only VisibilityQueryError may escape, and compiled SQL must run. */
function compileOrReject(query: string): void {
  let compiled;
  try {
    compiled = compileVisibilityQuery(query);
  } catch (e) {
    if (e instanceof VisibilityQueryError) {
      expect(e.position).toBeGreaterThanOrEqual(0);
      expect(e.position).toBeLessThanOrEqual(query.length);
      return;
    }
    throw e;
  }
  const order = compiled.orderBy ? ` ORDER BY ${compiled.orderBy}` : '';
  db.prepare(`SELECT workflow_id FROM executions WHERE ${compiled.where}${order}`).all(...compiled.params);
}

test('random text never throws anything but VisibilityQueryError, and what compiles runs', () => {
  fc.assert(fc.property(fc.string({ maxLength: 80 }), compileOrReject), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), compileOrReject), { numRuns: 1000 });
  fc.assert(fc.property(fragments, compileOrReject), { numRuns: 3000 });
});

test('oversized input is refused with VisibilityQueryError, not a stack overflow or an SQLite limit', () => {
  expect(() => compileVisibilityQuery(`${'('.repeat(5000)}WorkflowId = 'a'${')'.repeat(5000)}`)).toThrow(VisibilityQueryError);
  expect(() => compileVisibilityQuery(`${'NOT '.repeat(5000)}WorkflowId = 'a'`)).toThrow(VisibilityQueryError);
  const chain = (n: number) => Array.from({ length: n }, (_, i) => `WorkflowId = 'wf-a${i}'`).join(' OR ');
  expect(listIds(db, chain(500))).toEqual(['wf-a1', 'wf-a2']);
  expect(() => compileVisibilityQuery(chain(20000))).toThrow(/more than 500 conditions/);
  const list = (n: number) => `WorkflowId IN (${Array.from({ length: n }, (_, i) => `'wf-b${i}'`).join(',')})`;
  expect(listIds(db, list(10000))).toEqual(['wf-b1', 'wf-b2']);
  expect(() => compileVisibilityQuery(list(40000))).toThrow(/more than 10000 values/);
});

// Well-formed predicates over the table, to check the compiled boolean structure against set algebra.
const predicate = fc.oneof(
  fc.constantFrom('approve', 'vetting', 'pairing', 'nope').map((v) => `WorkflowType = '${v}'`),
  fc.constantFrom('Running', 'Completed', 'Failed', 'Terminated', 'TimedOut').map((v) => `ExecutionStatus != '${v}'`),
  fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => `StartTime > '${d.toISOString()}'`),
  fc.constantFrom('wf', 'wf-a', 'W', 'o').map((p) => `WorkflowId STARTS_WITH '${p}'`),
  fc.constantFrom('CloseTime IS NULL', "TaskQueue IN ('main')", 'Priority >= 3', "Street = '东城'"),
);

test('AND is intersection and OR is union of what each side lists', () => {
  fc.assert(fc.property(predicate, predicate, (a, b) => {
    const left = new Set(listIds(db, a));
    const right = listIds(db, b);
    expect(listIds(db, `${a} AND ${b}`)).toEqual(right.filter((id) => left.has(id)));
    expect(listIds(db, `(${a}) OR (${b})`)).toEqual([...new Set([...left, ...right])].sort());
  }), { numRuns: 300 });
});
