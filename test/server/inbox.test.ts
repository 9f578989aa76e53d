// The task inbox as officials see it: only tasks offered to them, due soonest first, the overdue
// and dueBefore filters, and claiming so colleagues see who is on it. (Completing goes through the
// workflow: journey.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { createEngineActivities } from '../../activities';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';

let server: TestServer;
const DAY = 86_400_000;
const t: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer({ worker: false });
  const admin = (await server.api.login('admin')).token;
  const xml = fs.readFileSync(path.join(DIAGRAMS, 'vetting.bpmn'), 'utf8');
  const dep = await server.api.request('POST', '/api/deployments', { token: admin, raw: xml, headers: { 'content-type': 'application/xml' } });
  const activities = createEngineActivities({ prisma: server.runtime.prisma });
  const open = async (key: string, dueInDays: number | null, groups: string[]) => {
    const r = await activities.openUserTask({
      workflowId: 'inbox-wf', processKey: 'vetting', versionId: dep.body.deployment.id, anchorUnit: 'compound-1-1-1',
      taskKey: key, elementId: 'Task_review', name: key, candidateGroups: groups,
      dueAt: dueInDays === null ? undefined : new Date(Date.now() + dueInDays * DAY).toISOString(), formFields: [], variables: { candidateName: '王芳' },
    });
    t[key] = r.taskId;
  };
  const street1 = ['unit:street-1:secretary', 'unit:street-1:officer'];
  await open('in-three-days', 3, street1);
  await open('overdue', -1, street1);
  await open('no-deadline', null, street1);
  await open('tomorrow', 1, street1);
  await open('police-only', -2, ['unit:dept-public-security:reviewer']);
});
afterAll(() => server?.close());

const names = (body: { tasks: { name: string }[] }) => body.tasks.map((x) => x.name);

test('an official sees the tasks offered to their unit, due soonest first, undated last', async () => {
  const { token } = await server.api.login('street1-secretary');
  const res = await server.api.get('/api/tasks', token);
  expect(res.status).toBe(200);
  expect(names(res.body)).toEqual(['overdue', 'tomorrow', 'in-three-days', 'no-deadline']);
  expect(res.body.tasks[0]).toMatchObject({ overdue: true, processKey: 'vetting', anchorUnit: 'compound-1-1-1', variables: { candidateName: '王芳' } });
  expect(res.body.tasks[1].overdue).toBe(false);
});

test('overdue and dueBefore filter the inbox', async () => {
  const { token } = await server.api.login('street1-officer');
  expect(names((await server.api.get('/api/tasks?overdue=true', token)).body)).toEqual(['overdue']);
  const before = new Date(Date.now() + 2 * DAY).toISOString();
  expect(names((await server.api.get(`/api/tasks?dueBefore=${encodeURIComponent(before)}`, token)).body)).toEqual(['overdue', 'tomorrow']);
});

test('other units do not see these tasks; admins and auditors see every task', async () => {
  const police = await server.api.login('police-reviewer');
  expect(names((await server.api.get('/api/tasks', police.token)).body)).toEqual(['police-only']);
  expect((await server.api.get(`/api/tasks/${t.overdue}`, police.token)).status).toBe(403);
  const auditor = await server.api.login('auditor');
  expect(names((await server.api.get('/api/tasks', auditor.token)).body)).toEqual(['police-only', 'overdue', 'tomorrow', 'in-three-days', 'no-deadline']);
});

test('claiming: one colleague holds a task, the other hears 409 until it is given back', async () => {
  const sec = await server.api.login('street1-secretary');
  const off = await server.api.login('street1-officer');
  const claimed = await server.api.post(`/api/tasks/${t.tomorrow}/claim`, sec.token);
  expect(claimed.status).toBe(200);
  expect(claimed.body.task.claimedBy).toBe('street1-secretary');
  const taken = await server.api.post(`/api/tasks/${t.tomorrow}/claim`, off.token);
  expect(taken.status).toBe(409);
  expect(taken.body.details).toEqual({ claimedBy: 'street1-secretary' });
  expect((await server.api.post(`/api/tasks/${t.tomorrow}/complete`, off.token, { variables: {} })).status).toBe(409);
  expect((await server.api.post(`/api/tasks/${t.tomorrow}/unclaim`, off.token)).status).toBe(409);
  expect((await server.api.post(`/api/tasks/${t.tomorrow}/unclaim`, sec.token)).body.task.claimedBy).toBeNull();
  expect((await server.api.post(`/api/tasks/${t.tomorrow}/claim`, off.token)).body.task.claimedBy).toBe('street1-officer');
});
