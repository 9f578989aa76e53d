// gov:dueIn / gov:remindBefore / gov:escalation become generated boundary timers → gridflow.notify →
// end, so the interpreter needs no deadline logic of its own. Timer values and ids are asserted.
import { evaluateFeel, feelValueToIso, isFeel } from '../../bpmn/feel';
import type { BoundaryEvent, GraphElement, ProcessGraph, ServiceTask } from '../../bpmn/graph';
import { compileValid } from './helpers';

function generatedFor(graph: ProcessGraph, id: string): GraphElement[] {
  return Object.values(graph.elements).filter((e) => e.generatedFor === id);
}

function timerOf(graph: ProcessGraph, id: string): string {
  const b = graph.elements[id] as BoundaryEvent;
  if (b.event.type !== 'timer') throw new Error(`${id} is not a timer`);
  return b.event.timer.value;
}

function inputOf(graph: ProcessGraph, id: string): Record<string, unknown> {
  const task = graph.elements[id] as ServiceTask;
  // the inputs are FEEL; evaluate them as the interpreter will, with the task's people in scope
  return Object.fromEntries(task.input.map((m) => [m.target, evaluateFeel(m.source, { lead: 'official:wang', departments: ['unit:tax:officer'] })]));
}

test('literal deadlines: reminder at dueIn − remindBefore, escalation level k at dueIn + the afters of levels 1..k', async () => {
  const { graph } = await compileValid('deadlines.bpmn');
  expect(timerOf(graph, 'sign__reminder')).toBe('P5DT12H');
  expect(timerOf(graph, 'sign__escalation_1')).toBe('P7D');
  expect(timerOf(graph, 'sign__escalation_2')).toBe('P8D');
  expect(timerOf(graph, 'sign__escalation_3')).toBe('P10D');
  // the declared fields stay on the task: its dueAt is computed from dueIn
  expect(graph.elements.sign).toMatchObject({
    dueIn: 'P7D', remindBefore: 'PT36H',
    escalation: [{ level: 'street', after: 'PT0S' }, { level: 'district', after: 'P1D' }, { level: 'city', after: 'P2D' }],
    boundaryIds: ['sign__reminder', 'sign__escalation_1', 'sign__escalation_2', 'sign__escalation_3'],
  });
});

test('each path is a non-interrupting boundary → gridflow.notify → end, with deterministic ids, marked generated', async () => {
  const { graph } = await compileValid('deadlines.bpmn');
  expect(generatedFor(graph, 'sign').map((e) => e.id)).toEqual([
    'sign__reminder', 'sign__reminder_notify', 'sign__reminder_end',
    'sign__escalation_1', 'sign__escalation_1_notify', 'sign__escalation_1_end',
    'sign__escalation_2', 'sign__escalation_2_notify', 'sign__escalation_2_end',
    'sign__escalation_3', 'sign__escalation_3_notify', 'sign__escalation_3_end',
  ]);
  expect(graph.elements.sign__reminder).toMatchObject({
    kind: 'boundaryEvent', attachedTo: 'sign', cancelActivity: false, generated: true, generatedFor: 'sign', outgoing: ['sign__reminder_flow_1'],
  });
  expect(graph.elements.sign__reminder_notify).toMatchObject({
    kind: 'serviceTask', activity: 'gridflow.notify', incoming: ['sign__reminder_flow_1'], outgoing: ['sign__reminder_flow_2'],
  });
  expect(graph.elements.sign__reminder_end).toMatchObject({ kind: 'endEvent', event: { type: 'none' }, incoming: ['sign__reminder_flow_2'] });
  expect(graph.flows.sign__reminder_flow_1).toEqual({ id: 'sign__reminder_flow_1', source: 'sign__reminder', target: 'sign__reminder_notify', generated: true });
});

test('the reminder tells the task\'s people; a level without recipients tells that level\'s secretary', async () => {
  const { graph } = await compileValid('deadlines.bpmn');
  expect(inputOf(graph, 'sign__reminder_notify')).toEqual({
    kind: 'reminder', recipients: ['official:wang'], taskElementId: 'sign', taskName: '签署',
  });
  expect(inputOf(graph, 'sign__escalation_2_notify')).toEqual({
    kind: 'escalation', level: 'district', recipients: ['level:district:secretary'], taskElementId: 'sign', taskName: '签署',
  });
  expect(inputOf(graph, 'respond__reminder_notify')).toEqual({ kind: 'reminder', recipients: ['unit:tax:officer'], taskElementId: 'respond' });
});

test('a FEEL dueIn gives FEEL timers that evaluate to the right durations', async () => {
  const { graph } = await compileValid('deadlines.bpmn');
  const reminder = timerOf(graph, 'respond__reminder');
  const escalation = timerOf(graph, 'respond__escalation_1');
  expect(isFeel(reminder) && isFeel(escalation)).toBe(true);
  expect(feelValueToIso(evaluateFeel(reminder, { days: 5 }))).toBe('P4D');
  expect(feelValueToIso(evaluateFeel(escalation, { days: 5 }))).toBe('P5DT12H');
  expect(graph.elements.respond).toMatchObject({ dueIn: '=duration("P" + string(days) + "D")', remindBefore: 'P1D' });
});

test('a dueIn alone makes no generated elements; call activities escalate to their literal recipients', async () => {
  const { graph } = await compileValid('deadlines.bpmn');
  expect(generatedFor(graph, 'plain')).toEqual([]);
  expect(graph.elements.plain).toMatchObject({ dueIn: 'P2D' });
  expect(graph.elements.plain.boundaryIds).toBeUndefined();
  expect(generatedFor(graph, 'vet').map((e) => e.id)).toEqual(['vet__escalation_1', 'vet__escalation_1_notify', 'vet__escalation_1_end']);
  expect(timerOf(graph, 'vet__escalation_1')).toBe('P31D');
  expect(inputOf(graph, 'vet__escalation_1_notify')).toEqual({
    kind: 'escalation', level: 'department-head', recipients: ['unit:dept-1:head', 'unit:dept-2:head'], taskElementId: 'vet',
  });
});

test('generated elements inside a sub-process sit in it; months stay months', async () => {
  const { graph } = await compileValid('deadlines.bpmn');
  expect(timerOf(graph, 'report__escalation_1')).toBe('P1M1D');
  expect(generatedFor(graph, 'report').every((e) => e.parentId === 'project')).toBe(true);
});

test('on a multi-instance task each instance gets its own deadline timers, seeing its own inputElement', async () => {
  const { graph } = await compileValid('vetting.bpmn');
  const boundaries = generatedFor(graph, 'review').filter((e) => e.kind === 'boundaryEvent');
  expect(boundaries.map((b) => b.id)).toEqual(['review__reminder', 'review__escalation_1', 'review__escalation_2']);
  expect(boundaries.every((b) => b.kind === 'boundaryEvent' && b.perInstance === true)).toBe(true);
  // the department-head level names the instance's department
  const scope = { reviewer: 'official:li', department: 'tax' };
  const escalation = graph.elements.review__escalation_1_notify as ServiceTask;
  expect(escalation.input.find((m) => m.target === 'recipients')).toBeDefined();
  expect(evaluateFeel(escalation.input.find((m) => m.target === 'recipients')!.source, scope)).toEqual(['unit:tax:head']);
  const single = (await compileValid('deadlines.bpmn')).graph.elements.sign__reminder;
  expect(single).not.toHaveProperty('perInstance');
});
