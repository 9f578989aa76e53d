// Bad input to the owners' meeting routes is refused with a 4xx naming what is wrong, and nothing
// already stored is lost: a roster file with a bad line leaves the roster as it was, a tally sheet
// with one bad cell records no ballot of it, a closed meeting takes no ballot, guessing codes is
// cut off, and the codes themselves are never stored. (Real server, SQLite and routes; no worker:
// the meeting and its candidates stand in for what process C's activities record.)
import { createHash } from 'node:crypto';
import { startTestServer, type TestServer } from './harness';

let server: TestServer;
let officer = '';
let meetingId = 0;
let closedId = 0;
const candidates: { id: number; name: string }[] = [];
const ROSTER = '/api/compounds/compound-1-1-1/roster';

beforeAll(async () => {
  server = await startTestServer({ worker: false });
  officer = (await server.api.login('community1-1-officer')).token;
  const prisma = server.runtime.prisma;
  const compound = await prisma.unit.findUniqueOrThrow({ where: { code: 'compound-1-1-1' } });
  for (const name of ['周一', '周二']) candidates.push(await prisma.candidate.create({ data: { compoundId: compound.id, name, status: 'passed' } }));
  const ids = JSON.stringify(candidates.map((c) => String(c.id)));
  closedId = (await prisma.generalMeeting.create({ data: { compoundId: compound.id, scheduledAt: new Date(), candidateIdsJson: ids, seats: 1, status: 'quorum-missed' } })).id;
}, 120_000);
afterAll(() => server?.close());

test('a roster file with a bad line is refused naming the line and field; the roster stays', async () => {
  const before = (await server.api.get(ROSTER, officer)).body.entries;
  const csv = '房号,业主,专有面积\n9-9-901,钱甲,88.5\n9-9-902,,90\n9-9-903,钱丙,9O.1\n';
  const r = await server.api.post(`${ROSTER}/import`, officer, { format: 'csv', content: csv });
  expect(r.status).toBe(422);
  expect(r.body.details.problems).toEqual([
    { line: 3, field: 'ownerName', message: "the owner's name must be 1–100 characters" },
    { line: 4, field: 'area', message: '"9O.1" is not an area in m² with at most two decimals' },
  ]);
  const header = await server.api.post(`${ROSTER}/import`, officer, { format: 'csv', content: '单元号,姓名\n1,甲' });
  expect(header.status).toBe(422);
  expect(header.body.details.problems[0]).toMatchObject({ line: 1, field: 'header' });
  expect((await server.api.get(ROSTER, officer)).body.entries).toEqual(before);
  expect(before).toHaveLength(40);
});

test('ballots: an unknown unit or candidate column is named, one bad cell records nothing', async () => {
  // the running meeting is scheduled now (the roster locks once it takes ballots)
  const prisma = server.runtime.prisma;
  const compound = await prisma.unit.findUniqueOrThrow({ where: { code: 'compound-1-1-1' } });
  meetingId = (await prisma.generalMeeting.create({ data: { compoundId: compound.id, scheduledAt: new Date(), candidateIdsJson: JSON.stringify(candidates.map((c) => String(c.id))), seats: 1 } })).id;
  const flats = (await server.api.get(ROSTER, officer)).body.entries.map((e: { flat: string }) => e.flat);
  const one = await server.api.post(`/api/meetings/${meetingId}/ballots`, officer, { flat: '99-9-999', choices: {} });
  expect([one.status, one.body.error]).toEqual([422, 'flat: unit "99-9-999" is not on the owners\' roster']);
  const unknown = await server.api.post(`/api/meetings/${meetingId}/ballots`, officer, { flat: flats[0], choices: { '999999': 'for' } });
  expect(unknown.status).toBe(422);
  const column = await server.api.post(`/api/meetings/${meetingId}/ballots/import`, officer, { format: 'csv', content: `房号,周一,吴某\n${flats[0]},同意,同意` });
  expect(column.status).toBe(422);
  expect(column.body.details.problems).toEqual([{ line: 1, column: '吴某', message: '"吴某" is not a candidate of this meeting (周一、周二)' }]);
  const cell = await server.api.post(`/api/meetings/${meetingId}/ballots/import`, officer, { format: 'csv', content: `房号,周一,周二\n${flats[0]},同意,反对\n${flats[1]},也许,同意` });
  expect(cell.status).toBe(422);
  expect(cell.body.details.problems).toEqual([{ line: 3, column: '周一', message: '"也许" is not 同意, 反对 or 弃权' }]);
  expect(await prisma.ballot.count({ where: { meetingId } })).toBe(0);
  // a closed meeting takes no ballot
  const closed = await server.api.post(`/api/meetings/${closedId}/ballots`, officer, { flat: flats[0], choices: {} });
  expect(closed.status).toBe(409);
});

test('codes are stored hashed, over-voting online is refused, and guessing codes is cut off', async () => {
  const secretary = (await server.api.login('community1-1-secretary')).token;
  const issued = await server.api.post(`/api/meetings/${meetingId}/owner-codes`, secretary, {});
  expect(issued.status).toBe(200);
  const codes: { code: string }[] = issued.body.codes;
  expect(codes).toHaveLength(40);
  const stored = await server.runtime.prisma.ownerVotingCode.findMany({ where: { meetingId } });
  const plain = new Set(codes.map((c) => c.code.replace('-', '')));
  expect(stored.some((s) => plain.has(s.codeHash) || s.codeHash.includes(codes[0].code.replace('-', '')))).toBe(false);
  expect(stored.map((s) => s.codeHash)).toContain(createHash('sha256').update(`gridflow-vote:${codes[0].code.replace('-', '')}`).digest('hex'));

  const both = Object.fromEntries(candidates.map((c) => [String(c.id), 'for']));
  const over = await server.api.post('/api/vote', undefined, { code: codes[0].code, choices: both });
  expect([over.status, over.body.error]).toEqual([422, 'at most 1 candidates may be approved, 2 were']);

  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await server.api.post('/api/vote/ballot-paper', undefined, { code: `ZZZZZ-ZZZ${String(i).padStart(2, '2')}` })).status);
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(422));
  const blocked = await server.api.post('/api/vote/ballot-paper', undefined, { code: codes[1].code });
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
});
