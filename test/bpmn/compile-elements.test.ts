// One valid fixture per supported element family: the graph the interpreter walks has the right shape.
import { compileValid } from './helpers';

test('start events: none and timer (cycle), each a process start', async () => {
  const { graph } = await compileValid('events.bpmn');
  expect(graph.startIds).toEqual(['start_none', 'start_timer', 'start_ballot']);
  expect(graph.elements.start_none).toMatchObject({ kind: 'startEvent', event: { type: 'none' } });
  expect(graph.elements.start_timer).toMatchObject({ event: { type: 'timer', timer: { kind: 'cycle', value: 'R/P1Y' } } });
  expect(graph.elements.start_ballot).toMatchObject({ kind: 'startEvent', event: { type: 'none' } });
});

test('intermediate events: timer duration, FEEL timer date keeping its =, message with correlation key, throws', async () => {
  const { graph } = await compileValid('events.bpmn');
  expect(graph.elements.wait_publication).toMatchObject({
    kind: 'intermediateCatchEvent', name: '公示七天', event: { type: 'timer', timer: { kind: 'duration', value: 'P7D' } },
  });
  expect(graph.elements.wait_meeting).toMatchObject({ event: { type: 'timer', timer: { kind: 'date', value: '=meetingAt' } } });
  expect(graph.elements.wait_ballot).toMatchObject({ event: { type: 'message', messageName: 'ballotCast', correlationKey: 'meetingId' } });
  expect(graph.elements.milestone).toMatchObject({ kind: 'intermediateThrowEvent', event: { type: 'none' } });
  expect(graph.elements.raise_late).toMatchObject({ kind: 'intermediateThrowEvent', event: { type: 'escalation', escalationCode: 'LATE' } });
});

test('end events: terminate and escalation', async () => {
  const { graph } = await compileValid('events.bpmn');
  expect(graph.elements.end_terminate).toMatchObject({ kind: 'endEvent', incoming: ['f8'], event: { type: 'terminate' } });
  expect(graph.elements.end_escalation).toMatchObject({ event: { type: 'escalation', escalationCode: 'LATE' } });
});

test('boundary events: timers of every kind, interrupting or not, message, error with and without code, escalation', async () => {
  const { graph } = await compileValid('boundaries.bpmn');
  expect(graph.elements.sign.boundaryIds).toEqual(['sign_timeout', 'sign_nag', 'sign_cutoff', 'sign_withdrawn']);
  expect(graph.elements.sign_timeout).toMatchObject({
    kind: 'boundaryEvent', attachedTo: 'sign', cancelActivity: true, outgoing: ['f4'],
    event: { type: 'timer', timer: { kind: 'duration', value: 'P7D' } },
  });
  expect(graph.elements.sign_nag).toMatchObject({ cancelActivity: false, event: { type: 'timer', timer: { kind: 'cycle', value: 'R3/PT12H' } } });
  expect(graph.elements.sign_cutoff).toMatchObject({ event: { type: 'timer', timer: { kind: 'date', value: '2026-12-31T17:00:00+08:00' } } });
  expect(graph.elements.sign_withdrawn).toMatchObject({ event: { type: 'message', messageName: 'withdrawn' } });
  expect(graph.elements.work.boundaryIds).toEqual(['work_vetoed', 'work_any_error', 'work_late']);
  expect(graph.elements.work_vetoed).toMatchObject({ attachedTo: 'work', event: { type: 'error', errorCode: 'VETOED' } });
  expect(graph.elements.work_any_error).toMatchObject({ event: { type: 'error' } });
  expect(graph.elements.work_any_error).not.toHaveProperty('event.errorCode');
  expect(graph.elements.work_late).toMatchObject({ cancelActivity: false, event: { type: 'escalation', escalationCode: 'LATE' } });
});

test('a literal candidateGroups list becomes a FEEL list of strings', async () => {
  const { graph } = await compileValid('boundaries.bpmn');
  expect(graph.elements.sign).toMatchObject({ kind: 'userTask', candidateGroups: '["unit:street-1:secretary", "unit:agency-7:head"]' });
});

test('gateways: parallel, inclusive with default, exclusive with conditions written with and without =, event-based', async () => {
  const { graph } = await compileValid('gateways.bpmn');
  expect(graph.elements.split).toMatchObject({ kind: 'parallelGateway', outgoing: ['f2', 'f3'] });
  expect(graph.elements.join).toMatchObject({ kind: 'parallelGateway', incoming: ['f4', 'f5'] });
  expect(graph.elements.which).toMatchObject({ kind: 'inclusiveGateway', defaultFlow: 'f_none', outgoing: ['f_police', 'f_tax', 'f_none'] });
  expect(graph.flows.f_police.condition).toBe('list contains(departments, "police")');
  expect(graph.flows.f_tax.condition).toBe('list contains(departments, "tax")');
  expect(graph.flows.f_none.condition).toBeUndefined();
  expect(graph.elements.race).toMatchObject({ kind: 'eventBasedGateway', outgoing: ['f10', 'f11'] });
  expect(graph.elements.ok).toMatchObject({ kind: 'exclusiveGateway' });
  expect(graph.elements.ok).not.toHaveProperty('defaultFlow');
  expect(graph.elements.demands.kind).toBe('task');
  expect(graph.elements.resources.kind).toBe('task');
});

test('sub-processes: nested elements carry parentId, each sub-process lists its start', async () => {
  const { graph } = await compileValid('subprocesses.bpmn');
  expect(graph.startIds).toEqual(['start']);
  expect(graph.elements.outer).toMatchObject({ kind: 'subProcess', startIds: ['outer_start'] });
  expect(graph.elements.outer).not.toHaveProperty('parentId');
  expect(graph.elements.inner).toMatchObject({ kind: 'subProcess', parentId: 'outer', startIds: ['inner_start'] });
  expect(graph.elements.inner_work).toMatchObject({ parentId: 'inner', incoming: ['i1'], outgoing: ['i2'] });
  expect(graph.elements.outer_end.parentId).toBe('outer');
  expect(graph.elements.per_project).toMatchObject({
    multiInstance: { sequential: true, inputCollection: 'projects', inputElement: 'project' },
  });
});

test('call activities: called process key; explicit inputs stop passing every variable', async () => {
  const { graph } = await compileValid('subprocesses.bpmn');
  expect(graph.elements.vet_all).toMatchObject({ kind: 'callActivity', calledProcessKey: 'vetting', propagateAllVariables: true });
  expect(graph.elements.vet_one).toMatchObject({
    calledProcessKey: 'vetting', propagateAllVariables: false,
    inputs: [{ target: 'candidateId', source: 'candidate.id' }], outputs: [{ target: 'verdict', source: 'result' }],
  });
});

test('tasks: literal assignee, form bounds, documentation; sendTask is a service task; gridflow.notify is always known', async () => {
  const { graph } = await compileValid('tasks.bpmn', { knownActivities: ['tallyBallots'] });
  expect(graph.elements.confirm).toMatchObject({
    kind: 'userTask', assignee: '"official:zhang-wei"', documentation: 'The coordinator confirms the pairing.',
    formFields: [
      { id: 'score', label: '评分', type: 'number', required: true, min: 0, max: 100 },
      { id: 'agreed', label: '同意', type: 'boolean', required: false },
    ],
  });
  expect(graph.elements.tally).toMatchObject({ kind: 'serviceTask', activity: 'tallyBallots', resultVariable: 'tally', input: [] });
  expect(graph.elements.announce).toMatchObject({
    kind: 'serviceTask', activity: 'gridflow.notify',
    input: [{ target: 'kind', source: '"process-completed"' }, { target: 'recipients', source: '["level:street:secretary"]' }],
  });
});

test('a bpmn-js diagram in a pool with lanes, data objects, annotations and DI compiles; the pool names the process', async () => {
  const { graph, warnings } = await compileValid('collaboration.bpmn');
  expect(graph.processKey).toBe('filing');
  expect(graph.name).toBe('街道办 备案');
  expect(Object.keys(graph.elements)).toEqual(['start', 'submit', 'end']);
  expect(Object.keys(graph.flows)).toEqual(['f1', 'f2']);
  expect(warnings).toEqual([]);
});

test('loops with a way out compile: back through a gateway, or out through a boundary timer', async () => {
  const { graph } = await compileValid('loops.bpmn');
  expect(graph.elements.accepted).toMatchObject({ kind: 'exclusiveGateway', defaultFlow: 'f_again', outgoing: ['f_again', 'f_done'] });
  expect(graph.elements.carry_out.incoming).toEqual(['f1', 'f_again']);
  expect(graph.elements.chase).toMatchObject({ incoming: ['f_done', 'f5'], boundaryIds: ['give_up'] });
});

test('ids named like Object.prototype members are ordinary ids', async () => {
  const xml = (await import('./helpers')).fixture('invalid', 'prototype-id.bpmn').replace('<bpmn:task id="__proto__"/>', '');
  const { compileBpmn } = await import('../../bpmn');
  const result = await compileBpmn(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  expect(Object.keys(result.graph.elements)).toEqual(['start', 'constructor']);
  expect(result.graph.elements.constructor).toMatchObject({ kind: 'endEvent', incoming: ['f1'] });
});
