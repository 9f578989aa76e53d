import { workflowSuite, type Suite } from '../support/harness';

let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname);
});
afterAll(async () => s?.close());

const open = async (h: Parameters<Suite['state']>[0]) => (await s.state(h)).openTasks.map((t) => t.elementId).sort();

test('escalation inside tells the head while work goes on; the terminate end closes the sub-process and its other task', async () => {
  const version = await s.deploy('subprocess.bpmn');
  const h = await s.start(version, { caseId: 'K-1' });
  await s.waitUntil(h, 'three tasks', (x) => x.openTasks.length === 3);
  expect(await open(h)).toEqual(['handle_extra', 'handle_work', 'headReview']);
  await s.complete(h, 'handle_work');
  await s.openTask(h, 'archive');
  expect(await open(h)).toEqual(['archive', 'headReview']);
  const st = await s.state(h);
  expect(st.visited.find((v) => v.elementId === 'handle_extra')).toMatchObject({ outcome: 'cancelled', reason: 'terminate end event handle_stop' });
  await s.complete(h, 'headReview');
  await s.complete(h, 'archive');
  await h.result();
  await s.finish('subprocess', h);
});

test('a withdraw message for this case interrupts the whole sub-process', async () => {
  const version = await s.deploy('subprocess.bpmn');
  const h = await s.start(version, { caseId: 'K-2' });
  await s.waitUntil(h, 'three tasks', (x) => x.openTasks.length === 3);
  await s.message(h, 'withdraw', 'K-2', { withdrawnBy: 'resident' });
  await s.waitUntil(h, 'only the head review left', (x) => x.openTasks.length === 1);
  expect(await open(h)).toEqual(['headReview']);
  expect((await s.state(h)).visited.find((v) => v.elementId === 'handle')).toMatchObject({ outcome: 'interrupted' });
  await s.complete(h, 'headReview');
  const r = await h.result();
  expect(r.variables.withdrawnBy).toBe('resident');
  await s.finish('subprocess-withdrawn', h);
});
