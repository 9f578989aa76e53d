import { workflowSuite, type Suite } from '../support/harness';

let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname);
});
afterAll(async () => s?.close());

const DAY = 86400_000;

test('a reply for this case wins over the timer; a reply for another case is not taken', async () => {
  const version = await s.deploy('event-gateway.bpmn');
  const h = await s.start(version, { caseId: 'C-7' });
  await s.waitUntil(h, 'the gateway waiting', (x) => x.activeElements.some((a) => a.elementId === 'wait'));
  await s.message(h, 'residentReply', 'C-8', { text: 'other case' });
  await s.message(h, 'residentReply', 'C-7', { text: '同意' });
  await s.openTask(h, 'handleReply');
  const st = await s.state(h);
  expect(st.variables.text).toBe('同意');
  expect(st.visited.map((v) => v.elementId)).not.toContain('silence');
  await s.complete(h, 'handleReply');
  await h.result();
  await s.finish('event-gateway-message', h);
});

test('three days of silence send a grid worker to visit', async () => {
  const version = await s.deploy('event-gateway.bpmn');
  const h = await s.start(version, { caseId: 'C-9' });
  await s.waitUntil(h, 'the gateway waiting', (x) => x.activeElements.some((a) => a.elementId === 'wait'));
  await s.t.sleep(2 * DAY);
  expect((await s.state(h)).openTasks).toEqual([]);
  await s.t.sleep(DAY + 60_000);
  await s.openTask(h, 'visit');
  await s.complete(h, 'visit');
  await h.result();
  expect((await s.state(h)).visited.map((v) => v.elementId)).toEqual(['start', 'wait', 'silence', 'visit', 'endVisit']);
  await s.finish('event-gateway-timer', h);
});
