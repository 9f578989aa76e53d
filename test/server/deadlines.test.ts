// Deadlines reach people: a review left undone is reminded to its reviewer before the deadline,
// escalated to the department head at it and to the street coordinator after the grace period —
// each as an in-app notification and an email (real timers, the vetting diagram with its
// durations shortened to seconds).
import fs from 'node:fs';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';
import { eventually, startSmtpListener } from './listeners';

let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpListener>>;

beforeAll(async () => {
  smtp = await startSmtpListener();
  server = await startTestServer({ smtpUrl: smtp.url });
}, 180_000);
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

test('reminder, then escalation to the head, then to the street coordinator', async () => {
  const admin = (await server.api.login('admin')).token;
  const xml = fs
    .readFileSync(`${DIAGRAMS}/vetting.bpmn`, 'utf8')
    .replace(/"vetting"/g, '"vetting_fast"')
    .replace('gov:dueIn="P5D" gov:remindBefore="P1D"', 'gov:dueIn="PT4S" gov:remindBefore="PT2S"')
    .replace('after="P2D"', 'after="PT2S"');
  expect((await server.api.request('POST', '/api/deployments', { token: admin, raw: xml, headers: { 'content-type': 'application/xml' } })).status).toBe(201);
  const started = await server.api.post('/api/instances', admin, {
    processKey: 'vetting_fast',
    variables: { candidateId: 'late-1', candidateName: '孙强', compoundCode: 'compound-1-1-1', departments: ['dept-tax'] },
  });
  expect(started.status).toBe(201);
  const instanceId = started.body.instance.id;

  const kindsFor = async (username: string) => {
    const { token } = await server.api.login(username);
    const r = await server.api.get('/api/notifications', token);
    return r.body.notifications.filter((n: { workflowId: string }) => n.workflowId === instanceId).map((n: { kind: string }) => n.kind) as string[];
  };
  await eventually(async () => (await kindsFor('tax-reviewer')).includes('reminder'), 30_000, 'the reminder to the reviewer');
  expect(await kindsFor('tax-reviewer')).toEqual(expect.arrayContaining(['task-assigned', 'reminder']));
  await eventually(async () => (await kindsFor('tax-head')).includes('escalation'), 30_000, 'the escalation to the department head');
  await eventually(async () => (await kindsFor('street1-coordinator')).includes('escalation'), 30_000, 'the escalation to the street coordinator');

  // the reviewer's inbox marks the task overdue, and the mail went out to the people named
  const reviewer = (await server.api.login('tax-reviewer')).token;
  const task = (await server.api.get('/api/tasks?overdue=true', reviewer)).body.tasks.find((t: { instanceId: string }) => t.instanceId === instanceId);
  expect(task).toMatchObject({ overdue: true, state: 'open' });
  await eventually(() => smtp.mails.some((m) => m.to.includes('street1-coordinator@gridflow.example')), 15_000, 'the escalation email');
  expect(smtp.mails.some((m) => m.to.includes('tax-head@gridflow.example'))).toBe(true);
});
