// Process A as a year's work, through the public API only, on the real runtime (embedded Temporal,
// SDK worker, SQLite): checked starts, lists entered as rows (a bad row refused naming row and
// column), the coordinator pairing an unmatched demand by hand (an empty list refused), a refused
// signature going back to the coordinator, a report rejected and one accepted with a photo
// attached, ratings, and the yearly report (JSON and CSV) with an agency never paired escalated.
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely and assert on them */
import fs from 'node:fs';
import path from 'node:path';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';
import { eventually } from './listeners';

let server: TestServer;
const tokens: Record<string, string> = {};
const YEAR = new Date().getUTCFullYear();
// a cut-off already past: the yearly check runs as soon as the agreement is signed
const CUTOFF = `${YEAR}-01-15`;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 0x20), Buffer.from('\n%%EOF\n')]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

beforeAll(async () => {
  server = await startTestServer({ diagramsDir: DIAGRAMS });
  for (const u of ['city-coordinator', 'community1-1-secretary', 'agency01-secretary', 'agency05-secretary', 'auditor']) tokens[u] = (await server.api.login(u)).token;
}, 180_000);
afterAll(() => server?.close());

const api = () => server.api;
const start = (variables: Record<string, unknown>) => api().post('/api/instances', tokens['city-coordinator'], { processKey: 'pairing', variables });

/** the open task of `elementId` in the instance, as `user` finds it in their inbox */
async function inbox(user: string, instanceId: string, elementId: string, except: string[] = []): Promise<any> {
  return eventually(async () => {
    const r = await api().get('/api/tasks', tokens[user]);
    return r.body.tasks.find((t: any) => t.instanceId === instanceId && t.elementId === elementId && t.state === 'open' && !except.includes(t.id));
  }, 60_000, `${elementId} for ${user}`);
}
async function complete(user: string, task: any, variables: Record<string, unknown>) {
  const r = await api().post(`/api/tasks/${task.id}/complete`, tokens[user], { variables });
  if (r.status !== 200) throw new Error(`${task.elementId}: ${r.status} ${r.text}`);
}
async function upload(user: string, instanceId: string, bytes: Buffer, name: string) {
  return api().request('POST', `/api/instances/${encodeURIComponent(instanceId)}/attachments?name=${encodeURIComponent(name)}`, {
    token: tokens[user],
    raw: bytes,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

test('a pairing runs a whole year through the API and shows up in the yearly report', async () => {
  // ── checked starts
  const base = { compoundCode: 'compound-1-1-1', agencyCode: 'agency-01', year: YEAR, cutoffDate: CUTOFF };
  const noAgency = await start({ ...base, agencyCode: 'agency-999' });
  expect(noAgency.status).toBe(422);
  expect(noAgency.body.details).toEqual([{ variable: 'agencyCode', message: 'no org unit agency-999' }]);
  const notAnAgency = await start({ ...base, agencyCode: 'compound-1-1-2' });
  expect(notAnAgency.status).toBe(422);
  expect(JSON.stringify(notAnAgency.body.details)).toContain('not a agency');
  const outsideYear = await start({ ...base, cutoffDate: `${YEAR + 1}-01-10` });
  expect(outsideYear.status).toBe(422);
  expect(outsideYear.body.details).toEqual([{ variable: 'cutoffDate', message: `${YEAR + 1}-01-10 is not in ${YEAR}` }]);
  const started = await start(base);
  expect(started.status).toBe(201);
  const id: string = started.body.instance.id;
  const twice = await start(base);
  expect(twice.status).toBe(409);
  expect(twice.body.details).toEqual({ instanceId: id });

  // ── the lists, as rows: a bad cell is refused at once, naming row and column
  const demandTask = await inbox('community1-1-secretary', id, 'Task_demand_list');
  expect(demandTask.formFields[0]).toMatchObject({ id: 'demandList', type: 'table', columns: expect.arrayContaining([expect.objectContaining({ id: 'days', type: 'integer' })]) });
  const badRow = await api().post(`/api/tasks/${demandTask.id}/complete`, tokens['community1-1-secretary'], {
    variables: { demandList: [{ item: '增设停车位', category: 'parking', days: 60 }, { item: '少儿阅读', category: 'culture', days: 'abc' }] },
  });
  expect(badRow.status).toBe(422);
  expect(JSON.stringify(badRow.body.details)).toContain('row 2 column \\"days\\"');
  await complete('community1-1-secretary', demandTask, {
    demandList: [
      { item: '增设停车位', category: 'parking', keywords: '车位', days: 60 },
      { item: '少儿阅读', category: 'culture', days: 30 },
    ],
  });
  await complete('agency01-secretary', await inbox('agency01-secretary', id, 'Task_resource_list'), {
    resourceList: [
      { item: '夜间开放停车场', category: 'parking', keywords: '车位', quantity: 1 },
      { item: '党员志愿服务队', category: 'volunteer' },
    ],
  });

  // ── the coordinator edits the proposal and pairs the unmatched demand by hand; empty is refused
  const confirm = await inbox('city-coordinator', id, 'Task_confirm_pairing');
  expect(confirm.formFields.find((f: any) => f.id === 'confirmedProjects')).toMatchObject({ type: 'table', prefill: 'proposedProjects' });
  expect(confirm.variables.proposedProjects).toEqual([{ title: '增设停车位(夜间开放停车场)', category: 'parking', demand: '增设停车位', resource: '夜间开放停车场', days: 60 }]);
  expect(confirm.variables.unmatchedDemands).toEqual(['少儿阅读']);
  const empty = await api().post(`/api/tasks/${confirm.id}/complete`, tokens['city-coordinator'], { variables: { pairingDecision: 'confirm', confirmedProjects: [] } });
  expect(empty.status).toBe(422);
  expect(JSON.stringify(empty.body.details)).toContain('confirmedProjects');
  const projects = [
    { ...confirm.variables.proposedProjects[0], days: 45 },
    { title: '少儿阅读角', category: 'culture', demand: '少儿阅读', resource: '党员志愿服务队', days: 30 },
  ];
  await complete('city-coordinator', confirm, { pairingDecision: 'confirm', confirmedProjects: projects });

  // ── the community refuses to sign (a reason is required): back to the coordinator, nothing counts as signed
  const signAgency = await inbox('agency01-secretary', id, 'Task_sign_agency');
  const agencyScan = await upload('agency01-secretary', id, PDF, '协议书.pdf');
  expect(agencyScan.status).toBe(201);
  await complete('agency01-secretary', signAgency, { agencySignature: 'sign', agencyAgreementFiles: [agencyScan.body.attachment.id] });
  const signCommunity = await inbox('community1-1-secretary', id, 'Task_sign_community');
  const noReason = await api().post(`/api/tasks/${signCommunity.id}/complete`, tokens['community1-1-secretary'], { variables: { communitySignature: 'refuse' } });
  expect(noReason.status).toBe(422);
  expect(JSON.stringify(noReason.body.details)).toContain('communitySignatureNote');
  await complete('community1-1-secretary', signCommunity, { communitySignature: 'refuse', communitySignatureNote: '项目期限过短' });
  const again = await inbox('city-coordinator', id, 'Task_confirm_pairing', [confirm.id]);
  expect(again.variables.signatureRefusal).toBe('社区拒签:项目期限过短');
  let records = (await api().get(`/api/instances/${encodeURIComponent(id)}/pairing`, tokens.auditor)).body.records;
  expect(records.pairing.agreement).toMatchObject({ status: 'refused', signatures: [{ side: 'agency', signedBy: 'agency01-secretary', attachmentIds: [agencyScan.body.attachment.id] }] });
  expect(await api().get('/api/tasks', tokens['agency01-secretary']).then((r) => r.body.tasks.filter((t: any) => t.instanceId === id && t.elementId === 'Task_implement'))).toEqual([]);

  // ── confirmed again with longer deadlines, both sign
  await complete('city-coordinator', again, { pairingDecision: 'confirm', confirmedProjects: projects.map((p) => ({ ...p, days: 90 })) });
  const signs = [await inbox('agency01-secretary', id, 'Task_sign_agency', [signAgency.id]), await inbox('community1-1-secretary', id, 'Task_sign_community', [signCommunity.id])];
  await complete('agency01-secretary', signs[0], { agencySignature: 'sign' });
  await complete('community1-1-secretary', signs[1], { communitySignature: 'sign' });

  // ── project reports: a text file is no attachment, a foreign id is refused; rejected, then accepted with a photo
  const parking = await eventually(async () => {
    const r = await api().get('/api/tasks', tokens['agency01-secretary']);
    const mine = r.body.tasks.filter((t: any) => t.instanceId === id && t.elementId === 'Task_implement' && t.state === 'open');
    return mine.length === 2 && mine.find((t: any) => t.variables.project.title === '增设停车位(夜间开放停车场)');
  }, 60_000, 'two implementation tasks');
  const notAnImage = await upload('agency01-secretary', id, Buffer.from('just text'), 'x.txt');
  expect(notAnImage.status).toBe(415);
  const tooBig = await upload('agency01-secretary', id, Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]), 'big.jpg');
  expect(tooBig.status).toBe(413);
  const bogus = await api().post(`/api/tasks/${parking.id}/complete`, tokens['agency01-secretary'], { variables: { projectReport: '已开放', reportFiles: ['nosuchfile'] } });
  expect(bogus.status).toBe(422);
  expect(JSON.stringify(bogus.body.details)).toContain('reportFiles');
  await complete('agency01-secretary', parking, { projectReport: '已开放夜间车位' });
  await complete('community1-1-secretary', await inbox('community1-1-secretary', id, 'Task_verify'), { verification: 'reject', verificationOpinion: '标识未设置' });
  const redo = await inbox('agency01-secretary', id, 'Task_implement', [parking.id]).then(async (t) => (t.variables.project.title === '增设停车位(夜间开放停车场)' ? t : inbox('agency01-secretary', id, 'Task_implement', [parking.id, t.id])));
  // the name is only displayed: a path in it leads nowhere, the file lies under the instance's folder by its id
  const photo = await upload('agency01-secretary', id, JPEG, '../../现场.jpg');
  expect(photo.status).toBe(201);
  expect(fs.readFileSync(path.join(server.dataDir, 'attachments', id, photo.body.attachment.id))).toEqual(JPEG);
  await complete('agency01-secretary', redo, { projectReport: '已设置标识', reportFiles: [photo.body.attachment.id] });
  const verify2 = await inbox('community1-1-secretary', id, 'Task_verify');
  await complete('community1-1-secretary', verify2, { verification: 'accept', verificationOpinion: '合格' });
  const reading = await inbox('agency01-secretary', id, 'Task_implement', [parking.id, redo.id]);
  await complete('agency01-secretary', reading, { projectReport: '每周六开放阅读角' });
  await complete('community1-1-secretary', await inbox('community1-1-secretary', id, 'Task_verify', [verify2.id]), { verification: 'accept', verificationOpinion: '好' });

  // ── ratings, and the year closes
  await complete('community1-1-secretary', await inbox('community1-1-secretary', id, 'Task_rate_agency'), { agencyScore: 5, agencyComment: '响应及时' });
  await complete('agency01-secretary', await inbox('agency01-secretary', id, 'Task_rate_community'), { communityScore: 4 });
  await eventually(async () => (await api().get(`/api/instances/${encodeURIComponent(id)}`, tokens.auditor)).body.instance.status === 'completed', 60_000, 'the year to close');

  // ── the instance keeps every report, the agreement, the lists and the ratings; the photo downloads
  records = (await api().get(`/api/instances/${encodeURIComponent(id)}/pairing`, tokens['community1-1-secretary'])).body.records;
  expect(records.demandItems.map((d: any) => d.title).sort()).toEqual(['增设停车位', '少儿阅读']);
  expect(records.resourceItems.map((d: any) => d.title).sort()).toEqual(['党员志愿服务队', '夜间开放停车场']);
  expect(records.pairing.agreement.status).toBe('signed');
  expect(records.pairing.agreement.signatures.map((s: any) => [s.side, s.signedBy]).sort()).toEqual([
    ['agency', 'agency01-secretary'],
    ['community', 'community1-1-secretary'],
  ]);
  expect(records.pairing.projects.map((p: any) => [p.title, p.status, p.reports.map((r: any) => [r.report, r.verdict, r.attachmentIds.length])])).toEqual([
    ['增设停车位(夜间开放停车场)', 'closed', [['已开放夜间车位', 'reject', 0], ['已设置标识', 'accept', 1]]],
    ['少儿阅读角', 'closed', [['每周六开放阅读角', 'accept', 0]]],
  ]);
  expect(records.pairing.ratings).toEqual(
    expect.arrayContaining([expect.objectContaining({ from: 'compound-1-1-1', to: 'agency-01', score: 5, comment: '响应及时', ratedBy: 'community1-1-secretary' })]),
  );
  const files = (await api().get(`/api/instances/${encodeURIComponent(id)}/attachments`, tokens.auditor)).body.attachments;
  expect(files.map((f: any) => [f.fileName, f.contentType])).toEqual([
    ['协议书.pdf', 'application/pdf'],
    ['现场.jpg', 'image/jpeg'],
  ]);
  const download = await fetch(server.runtime.url + files[1].url, { headers: { authorization: `Bearer ${tokens.auditor}` } });
  expect(download.headers.get('content-type')).toBe('image/jpeg');
  expect(Buffer.from(await download.arrayBuffer())).toEqual(JPEG);
  expect((await fetch(server.runtime.url + files[1].url, { headers: { authorization: `Bearer ${tokens['agency05-secretary']}` } })).status).toBe(403);

  // ── the yearly report: this pairing with its numbers, an agency never paired listed and escalated
  const report = await api().get(`/api/reports/pairing?year=${YEAR}`, tokens.auditor);
  expect(report.status).toBe(200);
  expect(report.body.rows.find((r: any) => r.agencyCode === 'agency-01' && r.compoundCode === 'compound-1-1-1')).toEqual({
    agencyCode: 'agency-01',
    agencyName: expect.any(String),
    compoundCode: 'compound-1-1-1',
    compoundName: expect.any(String),
    status: 'confirmed',
    agreement: 'signed',
    projects: 2,
    closedProjects: 2,
    overdueProjects: 0,
    reports: 3,
    rejectedReports: 1,
    agencyRating: 5,
    communityRating: 4,
  });
  expect(report.body.rows.find((r: any) => r.agencyCode === 'agency-05')).toMatchObject({ status: 'unpaired', projects: 0 });
  const csv = await api().get(`/api/reports/pairing?year=${YEAR}&format=csv`, tokens.auditor);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  // the text decoder drops the byte-order mark that spreadsheet programs need: look at the bytes
  const csvBytes = Buffer.from(await (await fetch(`${server.runtime.url}/api/reports/pairing?year=${YEAR}&format=csv`, { headers: { authorization: `Bearer ${tokens.auditor}` } })).arrayBuffer());
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.text.split('\r\n')[0]).toBe('agencyCode,agencyName,compoundCode,compoundName,status,agreement,projects,closedProjects,overdueProjects,reports,rejectedReports,agencyRating,communityRating');
  expect(csv.text).toMatch(/\r\nagency-01,[^,]+,compound-1-1-1,[^,]+,confirmed,signed,2,2,0,3,1,5,4\r\n/);
  // an official sees only their units' rows
  const own = await api().get(`/api/reports/pairing?year=${YEAR}`, tokens['agency05-secretary']);
  expect(own.body.rows.map((r: any) => r.agencyCode)).toEqual(['agency-05']);
  const escalated = await eventually(async () => {
    const r = await api().get('/api/notifications', tokens['agency05-secretary']);
    return r.body.notifications.find((n: any) => n.kind === 'escalation' && n.workflowId === id);
  }, 30_000, 'the escalation of an agency never paired');
  expect(escalated.body).toContain('agency-05');
  // this pairing's agency claimed its projects: it is not among the escalated
  expect(escalated.body).not.toMatch(/agency-01(?!\d)/);
}, 300_000);
