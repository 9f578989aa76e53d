// Every route × admin / official / foreign official / auditor / anonymous. The expectations are
// written here by hand (not read from the route declarations), and the test fails when a route
// exists that this table does not cover.
import fs from 'node:fs';
import path from 'node:path';
import { createEngineActivities } from '../../activities';
import { DIAGRAMS, startTestServer, type Answer, type TestServer } from './harness';

type Who = 'admin' | 'official' | 'foreign' | 'auditor' | 'anonymous';
const USERS: Record<Exclude<Who, 'anonymous'>, string> = {
  admin: 'admin',
  // street-1's secretary: the task below is offered to street-1's secretaries, the compound is in street-1
  official: 'street1-secretary',
  // an official of another unit
  foreign: 'agency01-secretary',
  auditor: 'auditor',
};

let server: TestServer;
const tokens = {} as Record<Exclude<Who, 'anonymous'>, string>;
const ids = { deployment: '', instance: '', task: '', notification: '', webhook: '', attachment: '', meeting: '' };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

beforeAll(async () => {
  server = await startTestServer({ worker: false, stateQueryTimeoutMs: 300, webhookAllowHosts: ['127.0.0.1'] });
  for (const [who, username] of Object.entries(USERS)) tokens[who as keyof typeof tokens] = (await server.api.login(username)).token;
  const xml = fs.readFileSync(path.join(DIAGRAMS, 'vetting.bpmn'), 'utf8');
  const dep = await server.api.request('POST', '/api/deployments', { token: tokens.admin, raw: xml, headers: { 'content-type': 'application/xml' } });
  ids.deployment = dep.body.deployment.id;
  const started = await server.api.post('/api/instances', tokens.admin, {
    processKey: 'vetting',
    variables: { candidateId: 'c-1', candidateName: '王芳', compoundCode: 'compound-1-1-1', departments: ['dept-public-security'] },
  });
  expect(started.status).toBe(201);
  ids.instance = started.body.instance.id;
  // the task the engine would open, through the real activity
  const activities = createEngineActivities({ prisma: server.runtime.prisma, notifier: server.runtime.notifier });
  const { taskId } = await activities.openUserTask({
    workflowId: ids.instance, processKey: 'vetting', versionId: ids.deployment, anchorUnit: 'compound-1-1-1',
    taskKey: 'authz#1', elementId: 'review', name: '审查', candidateGroups: ['unit:street-1:secretary'], formFields: [], variables: {},
  });
  ids.task = taskId;
  ids.notification = (await server.runtime.prisma.notification.findFirstOrThrow({ where: { taskId, recipient: { username: USERS.official } } })).id;
  // the general meeting process C's scheduleGeneralMeeting would record, still taking ballots
  const compound = await server.runtime.prisma.unit.findUniqueOrThrow({ where: { code: 'compound-1-1-1' } });
  ids.meeting = String((await server.runtime.prisma.generalMeeting.create({ data: { compoundId: compound.id, scheduledAt: new Date(), candidateIdsJson: '[]', seats: 5 } })).id);
  ids.webhook = (await server.runtime.prisma.webhookEndpoint.create({ data: { url: 'http://127.0.0.1:9/x', secret: 's'.repeat(20), active: false } })).id;
  const upload = await server.api.request('POST', `/api/instances/${encodeURIComponent(ids.instance)}/attachments?name=a.png`, { token: tokens.official, raw: PNG, headers: { 'content-type': 'image/png' } });
  expect(upload.status).toBe(201);
  ids.attachment = upload.body.attachment.id;
});
afterAll(() => server?.close());

interface Case {
  method: string;
  /** express path; :id is filled by `id` */
  route: string;
  id?: () => string;
  body?: () => unknown;
  raw?: () => { raw: string | Buffer; type: string };
  /** query string appended to the url */
  query?: string;
  /** roles that may call it; the others get 403, anonymous 401 */
  allowed: Who[];
  /** a status other than 2xx that still means "allowed" for some caller */
  allowedStatus?: Partial<Record<Who, number>>;
  /** makes a fresh session for the call (logout) */
  freshSession?: boolean;
  stream?: boolean;
}

const startBody = () => ({ processKey: 'vetting', variables: { candidateId: 'c-2', candidateName: '李娜', compoundCode: 'compound-1-1-2' } });
const ALL: Who[] = ['admin', 'official', 'foreign', 'auditor'];

const CASES: Case[] = [
  { method: 'GET', route: '/openapi.json', allowed: [...ALL, 'anonymous'] },
  { method: 'GET', route: '/health', allowed: [...ALL, 'anonymous'] },
  { method: 'POST', route: '/auth/login', body: () => ({ username: 'city-coordinator', password: 'gridflow' }), allowed: [...ALL, 'anonymous'] },
  { method: 'POST', route: '/auth/logout', allowed: ALL, freshSession: true },
  { method: 'GET', route: '/auth/me', allowed: ALL },
  // every user may change their own password (auditors too); a new password breaking the rules is
  // 422, so nobody's password changes here
  {
    method: 'POST', route: '/auth/password', body: () => ({ currentPassword: 'gridflow', newPassword: 'short' }), allowed: ALL,
    allowedStatus: { admin: 422, official: 422, foreign: 422, auditor: 422 },
  },
  { method: 'POST', route: '/deployments', raw: () => ({ raw: fs.readFileSync(path.join(DIAGRAMS, 'vetting.bpmn'), 'utf8'), type: 'application/xml' }), allowed: ['admin'] },
  { method: 'GET', route: '/deployments', allowed: ALL },
  { method: 'GET', route: '/deployments/:id', id: () => ids.deployment, allowed: ALL },
  { method: 'GET', route: '/deployments/:id/xml', id: () => ids.deployment, allowed: ALL },
  { method: 'GET', route: '/schedules', allowed: ALL },
  // vetting has no timer start: the admin is let through to a 404
  { method: 'POST', route: '/schedules/:id/pause', id: () => 'gridflow-start:vetting:Start_vetting', allowed: ['admin'], allowedStatus: { admin: 404 } },
  { method: 'POST', route: '/schedules/:id/resume', id: () => 'gridflow-start:vetting:Start_vetting', allowed: ['admin'], allowedStatus: { admin: 404 } },
  { method: 'POST', route: '/instances', body: startBody, allowed: ['admin', 'official'] },
  { method: 'GET', route: '/instances', allowed: ALL },
  { method: 'GET', route: '/instances/:id', id: () => ids.instance, allowed: ['admin', 'official', 'auditor'] },
  { method: 'GET', route: '/instances/:id/history', id: () => ids.instance, allowed: ['admin', 'official', 'auditor'] },
  { method: 'GET', route: '/instances/:id/timeline', id: () => ids.instance, allowed: ['admin', 'official', 'auditor'] },
  { method: 'POST', route: '/instances/:id/replay', id: () => ids.instance, allowed: ['admin', 'auditor'] },
  { method: 'GET', route: '/tasks', allowed: ALL },
  { method: 'GET', route: '/tasks/:id', id: () => ids.task, allowed: ['admin', 'official', 'auditor'] },
  { method: 'POST', route: '/tasks/:id/claim', id: () => ids.task, allowed: ['official'] },
  { method: 'POST', route: '/tasks/:id/unclaim', id: () => ids.task, allowed: ['official'] },
  // the official's own completion is the journey test's (it needs the workflow); here a missing
  // field of an empty form is refused before the workflow is asked — but only after the rights check
  { method: 'POST', route: '/tasks/:id/complete', id: () => ids.task, body: () => ({ variables: {}, unexpected: 1 }), allowed: ['official'], allowedStatus: { official: 400 } },
  { method: 'GET', route: '/notifications', allowed: ALL },
  { method: 'POST', route: '/notifications/:id/read', id: () => ids.notification, allowed: ['admin', 'official', 'foreign'], allowedStatus: { admin: 404, foreign: 404 } },
  { method: 'GET', route: '/notifications/stream', allowed: ALL, stream: true },
  { method: 'GET', route: '/webhooks', allowed: ['admin', 'auditor'] },
  { method: 'POST', route: '/webhooks', body: () => ({ url: 'http://127.0.0.1:9/hook' }), allowed: ['admin'] },
  { method: 'DELETE', route: '/webhooks/:id', id: () => ids.webhook, allowed: ['admin'] },
  { method: 'POST', route: '/instances/:id/messages', id: () => ids.instance, body: () => ({ name: 'ping' }), allowed: ['admin'] },
  // the admin's retry needs a worker; here the unknown field is refused after the rights check
  { method: 'POST', route: '/instances/:id/incidents/retry', id: () => ids.instance, body: () => ({ elementId: 'x', bogus: 1 }), allowed: ['admin'], allowedStatus: { admin: 400 } },
  { method: 'POST', route: '/instances/:id/cancel', id: () => ids.instance, allowed: ['admin'] },
  { method: 'GET', route: '/org/units', allowed: ['admin', 'auditor'] },
  { method: 'GET', route: '/org/officials', allowed: ['admin', 'auditor'] },
  { method: 'POST', route: '/org/users/:username/password', id: () => 'grid3-4-2-officer', body: () => ({}), allowed: ['admin'] },
  // only an official with an open task of the instance uploads; readers of the instance download
  { method: 'POST', route: '/instances/:id/attachments', id: () => ids.instance, raw: () => ({ raw: PNG, type: 'image/png' }), allowed: ['official'] },
  { method: 'GET', route: '/instances/:id/attachments', id: () => ids.instance, allowed: ['admin', 'official', 'auditor'] },
  { method: 'GET', route: '/instances/:id/attachments/:attachmentId', id: () => ids.instance, allowed: ['admin', 'official', 'auditor'] },
  { method: 'GET', route: '/reports/pairing', query: '?year=2026', allowed: ALL },
  // the authorisation instance is a vetting: readers of it hear 404 (not a pairing), the others 403
  { method: 'GET', route: '/instances/:id/pairing', id: () => ids.instance, allowed: ['admin', 'official', 'auditor'], allowedStatus: { admin: 404, official: 404, auditor: 404 } },
  // C's owners' meeting: written only by the compound's community secretary and officers (none of
  // the callers here: the street secretary is refused like the foreign official), read by admins and auditors
  { method: 'GET', route: '/compounds/:id/roster', id: () => 'compound-1-1-1', allowed: ['admin', 'auditor'] },
  { method: 'POST', route: '/compounds/:id/roster/import', id: () => 'compound-1-1-1', body: () => ({ format: 'csv', content: '房号,业主,专有面积\n1-1-101,甲,90' }), allowed: [] },
  { method: 'POST', route: '/compounds/:id/roster', id: () => 'compound-1-1-1', body: () => ({ flat: '1-1-101', ownerName: '甲', area: '90' }), allowed: [] },
  { method: 'GET', route: '/meetings/:id', id: () => ids.meeting, allowed: ['admin', 'auditor'] },
  { method: 'POST', route: '/meetings/:id/ballots', id: () => ids.meeting, body: () => ({ flat: '1-1-101', choices: {} }), allowed: [] },
  { method: 'POST', route: '/meetings/:id/ballots/import', id: () => ids.meeting, body: () => ({ format: 'csv', content: '房号\n1-1-101' }), allowed: [] },
  { method: 'POST', route: '/meetings/:id/owner-codes', id: () => ids.meeting, body: () => ({}), allowed: [] },
  // public: the results of a meeting still taking ballots are not published yet
  { method: 'GET', route: '/meetings/:id/results', id: () => ids.meeting, allowed: [...ALL, 'anonymous'], allowedStatus: { admin: 409, official: 409, foreign: 409, auditor: 409, anonymous: 409 } },
  // public, no account: a code that was never issued is refused the same for everyone
  { method: 'POST', route: '/vote/ballot-paper', body: () => ({ code: 'AAAAA-AAAAA' }), allowed: [...ALL, 'anonymous'], allowedStatus: { admin: 422, official: 422, foreign: 422, auditor: 422, anonymous: 422 } },
  { method: 'POST', route: '/vote', body: () => ({ code: 'AAAAA-AAAAA', choices: {} }), allowed: [...ALL, 'anonymous'], allowedStatus: { admin: 422, official: 422, foreign: 422, auditor: 422, anonymous: 422 } },
];

async function call(c: Case, who: Who): Promise<Answer> {
  const url = '/api' + c.route.replace(':attachmentId', ids.attachment).replace(/:\w+/, encodeURIComponent(c.id?.() ?? '')) + (c.query ?? '');
  let token = who === 'anonymous' ? undefined : tokens[who];
  if (c.freshSession && who !== 'anonymous') token = (await server.api.login(USERS[who])).token;
  if (c.stream) {
    const controller = new AbortController();
    const res = await fetch(server.runtime.url + url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
    const text = res.status === 200 ? '' : await res.text();
    controller.abort();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, text, headers: res.headers };
  }
  const raw = c.raw?.();
  return server.api.request(c.method, url, { token, body: c.body?.(), ...(raw ? { raw: raw.raw, headers: { 'content-type': raw.type } } : {}) });
}

test('the table covers every route the API documents', async () => {
  const doc = await server.api.get('/api/openapi.json');
  const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1')}`),
  );
  expect(CASES.map((c) => `${c.method} ${c.route}`).sort()).toEqual(documented.sort());
});

describe.each(CASES)('$method $route', (c) => {
  test.each(['anonymous', 'foreign', 'auditor', 'official', 'admin'] as Who[])('as %s', async (who) => {
    const res = await call(c, who);
    if (c.allowed.includes(who)) {
      const expected = c.allowedStatus?.[who];
      if (expected) expect(res.status).toBe(expected);
      else if (![200, 201, 202, 204].includes(res.status)) throw new Error(`expected success, got ${res.status}: ${res.text}`);
    } else {
      expect(res.status).toBe(who === 'anonymous' ? 401 : 403);
      expect(typeof res.body.error).toBe('string');
      expect(Object.keys(res.body).sort()).toEqual(['details', 'error']);
    }
  });
});

test('an auditor is refused every write, whatever the route', async () => {
  const writes = CASES.filter((c) => c.method !== 'GET' && !['/auth/login', '/auth/logout', '/auth/password', '/instances/:id/replay', '/vote/ballot-paper', '/vote'].includes(c.route));
  for (const c of writes) expect([c.route, (await call(c, 'auditor')).status]).toEqual([c.route, 403]);
});
