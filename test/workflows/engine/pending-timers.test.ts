// The state view lists what an instance waits for by the clock: a task's reminder and each
// escalation step (named by the task they belong to, with the level told), and the task's own due
// date — soonest first, with the times the engine armed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileBpmn } from '../../../bpmn';
import { EngineDriver } from '../support/engineDriver';

const H = 3600_000;

test('a task with reminder and three escalation levels shows four timers and its due date, named by the task', async () => {
  const xml = fs.readFileSync(path.join(__dirname, '..', '..', 'bpmn', 'fixtures', 'valid', 'deadlines.bpmn'), 'utf8');
  const r = await compileBpmn(xml);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const d = new EngineDriver(r.graph, { lead: 'official:li', departments: ['unit:d1:officer'], days: 4 });
  const at = (hours: number) => new Date(d.now + hours * H).toISOString();
  const pending = d.engine.view().pendingTimers.map((p) => ({ kind: p.kind, elementId: p.elementId, generatedFor: p.generatedFor, dueAt: p.dueAt, then: p.then }));
  // sign: due in 7 days, reminder 36 h before, street at the deadline, district 1 day later, city 2 days after that
  expect(pending).toEqual([
    { kind: 'reminder', elementId: 'sign__reminder', generatedFor: 'sign', dueAt: at(132), then: { action: 'remind' } },
    { kind: 'deadline', elementId: 'sign', generatedFor: undefined, dueAt: at(168), then: { action: 'overdue' } },
    { kind: 'escalation', elementId: 'sign__escalation_1', generatedFor: 'sign', dueAt: at(168), then: { action: 'escalate', level: 'street' } },
    { kind: 'escalation', elementId: 'sign__escalation_2', generatedFor: 'sign', dueAt: at(192), then: { action: 'escalate', level: 'district' } },
    { kind: 'escalation', elementId: 'sign__escalation_3', generatedFor: 'sign', dueAt: at(240), then: { action: 'escalate', level: 'city' } },
  ]);
  expect(d.engine.view().pendingTimers.find((p) => p.elementId === 'sign__escalation_2')).toMatchObject({ generatedForName: '签署', description: expect.stringContaining('district') });

  // once the reminder fired it is no longer pending
  d.advanceBy(132 * H);
  expect(d.engine.view().pendingTimers.map((p) => p.elementId)).not.toContain('sign__reminder');
});
