// Governance rules through the HTTP API with the real worker and the shipped diagrams:
// - B: a lead named with a typo is refused at submission (422 naming the field), not an incident later;
// - B: four eyes: the lead secretary can neither claim nor complete the acceptance of his own
//   project (403 naming the rule); the street coordinator can;
// - C: the instance view lists the pending 7-day group publicity with its due date and what follows;
// - the timeline names a timer that fired by its element.
import { DIAGRAMS, startTestServer, type TestServer } from './harness';
import { eventually } from './listeners';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ diagramsDir: DIAGRAMS });
}, 180_000);
afterAll(() => server?.close());

const DAY = 86_400_000;

async function openTask(token: string, instanceId: string, elementId: string) {
  return eventually(async () => {
    const r = await server.api.get('/api/tasks', token);
    return (r.body.tasks as { id: string; instanceId: string; elementId: string }[]).find((t) => t.instanceId === instanceId && t.elementId === elementId);
  }, 30_000, `open ${elementId}`);
}

async function completeAs(username: string, instanceId: string, elementId: string, variables: Record<string, unknown>) {
  const { token } = await server.api.login(username);
  const task = await openTask(token, instanceId, elementId);
  return server.api.post(`/api/tasks/${task.id}/complete`, token, { variables });
}

test('B: a misspelt lead is refused with the field named, and the lead cannot accept his own project', async () => {
  const admin = (await server.api.login('admin')).token;
  const started = await server.api.post('/api/instances', admin, {
    processKey: 'secretary-project',
    variables: { title: '加装电梯', description: '3幢加装电梯', proposer: 'official:grid1-1-1-officer', unitCode: 'grid-1-1-1', departments: ['dept-housing'], responseDue: 'P3D' },
  });
  expect(started.status).toBe(201);
  const id: string = started.body.instance.id;
  expect((await completeAs('street1-secretary', id, 'Task_committee_review', { reviewDecision: 'approve', reviewOpinion: '同意' })).status).toBe(200);

  const typo = await completeAs('street1-secretary', id, 'Task_assign_lead', { lead: 'street1-secretry', deadlineDays: 10 });
  expect(typo.status).toBe(422);
  expect(typo.body.details).toEqual([expect.stringMatching(/field "lead".*street1-secretry/)]);
  const auditorAsLead = await completeAs('street1-secretary', id, 'Task_assign_lead', { lead: 'auditor', deadlineDays: 10 });
  expect(auditorAsLead.status).toBe(422);
  expect((await completeAs('street1-secretary', id, 'Task_assign_lead', { lead: 'street1-secretary', deadlineDays: 10 })).status).toBe(200);

  expect((await completeAs('housing-head', id, 'Task_department_response', { response: '派员对接', contact: '王工' })).status).toBe(200);
  expect((await completeAs('street1-secretary', id, 'Task_lead_work', { completionReport: '电梯已安装' })).status).toBe(200);

  // the acceptance is offered to the street (secretary and coordinator), but the lead may not take it
  const lead = (await server.api.login('street1-secretary')).token;
  const acceptance = await openTask(lead, id, 'Task_acceptance');
  const claim = await server.api.post(`/api/tasks/${acceptance.id}/claim`, lead);
  expect(claim.status).toBe(403);
  expect(claim.body.error).toContain('separation of duties');
  expect(claim.body.error).toContain('Task_lead_work');
  const selfAccept = await server.api.post(`/api/tasks/${acceptance.id}/complete`, lead, { variables: { acceptance: 'accept', acceptanceOpinion: '验收合格' } });
  expect(selfAccept.status).toBe(403);
  expect(selfAccept.body.error).toContain('Task_acceptance');

  const coordinator = (await server.api.login('street1-coordinator')).token;
  expect((await server.api.post(`/api/tasks/${acceptance.id}/claim`, coordinator)).status).toBe(200);
  expect((await server.api.post(`/api/tasks/${acceptance.id}/complete`, coordinator, { variables: { acceptance: 'accept', acceptanceOpinion: '验收合格' } })).status).toBe(200);

  // the rating's own 7-day due date is a pending deadline of the instance
  await openTask(coordinator, id, 'Task_rate_departments');
  const view = await server.api.get(`/api/instances/${id}`, admin);
  expect(view.body.state.pendingTimers).toEqual(
    expect.arrayContaining([expect.objectContaining({ kind: 'deadline', elementId: 'Task_rate_departments', name: '部门满意度评价', then: { action: 'overdue' } })]),
  );
});

test('C: the instance shows the pending 7-day group publicity with its due date and what follows it', async () => {
  const admin = (await server.api.login('admin')).token;
  const started = await server.api.post('/api/instances', admin, { processKey: 'committee-formation', variables: { compoundCode: 'compound-1-1-1' } });
  expect(started.status).toBe(201);
  const id: string = started.body.instance.id;
  const formed = await completeAs('street1-officer', id, 'Task_form_group', { groupMembers: '甲|是\n乙|是\n丙|是\n丁|否\n戊|否', committeeSeats: 5 });
  expect(formed.status).toBe(200);
  const before = Date.now();

  const publicity = await eventually(async () => {
    const r = await server.api.get(`/api/instances/${id}`, admin);
    return (r.body.state?.pendingTimers ?? []).find((p: { elementId: string }) => p.elementId === 'Timer_group_publicity');
  }, 30_000, 'the group publicity timer');
  expect(publicity).toMatchObject({ kind: 'wait', name: '筹备组公示7日', then: { action: 'continue' } });
  expect(publicity.then.next.length).toBeGreaterThan(0);
  const due = Date.parse(publicity.dueAt);
  expect(due).toBeGreaterThan(before + 7 * DAY - 60_000);
  expect(due).toBeLessThan(Date.now() + 7 * DAY + 60_000);
  expect(publicity.description).toContain('筹备组公示7日');
});

test('the timeline names a timer that fired after its element', async () => {
  const admin = (await server.api.login('admin')).token;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:gov="http://gridflow.dev/schema/gov/1.0" id="D" targetNamespace="t">
  <bpmn:process id="short-publicity" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Timer_publicity"/>
    <bpmn:intermediateCatchEvent id="Timer_publicity" name="公示1秒">
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="F2" sourceRef="Timer_publicity" targetRef="End"/>
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
  expect((await server.api.request('POST', '/api/deployments', { token: admin, raw: xml, headers: { 'content-type': 'application/xml' } })).status).toBe(201);
  const started = await server.api.post('/api/instances', admin, { processKey: 'short-publicity', variables: {} });
  const id: string = started.body.instance.id;
  const entry = await eventually(async () => {
    const r = await server.api.get(`/api/instances/${id}/timeline`, admin);
    return (r.body.timeline as { what: string; elementId: string | null }[]).find((e) => e.what.startsWith('timer fired'));
  }, 30_000, 'the timer in the timeline');
  expect(entry).toMatchObject({ what: 'timer fired: 公示1秒', elementId: 'Timer_publicity' });
});
