import { workflowSuite, type Suite } from '../support/harness';

const nags: string[] = [];
let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname, {
    recordNag: async () => {
      nags.push('nag');
      return null;
    },
  });
});
afterAll(async () => s?.close());

const H = 3600_000;

test('reminder before the deadline, escalation at it and a day later, a non-interrupting R2 cycle, all while the task stays open', async () => {
  const version = await s.deploy('deadlines.bpmn');
  const h = await s.start(version, { compoundCode: 'compound-3' });
  await s.openTask(h, 'sign');
  await s.t.sleep(12 * H + 60_000);
  await s.waitUntil(h, 'first nag', () => nags.length === 1);
  await s.t.sleep(12 * H);
  await s.waitUntil(h, 'the reminder', () => s.rec.notifications.some((n) => n.workflowId === h.workflowId && n.kind === 'reminder'));
  expect(nags).toHaveLength(2);
  const reminder = s.rec.notifications.find((n) => n.kind === 'reminder')!;
  expect(reminder).toMatchObject({ recipients: ['official:li-na'], elementId: 'sign', anchorUnit: 'compound-3', message: expect.stringContaining('签署协议') });

  await s.t.sleep(24 * H);
  await s.waitUntil(h, 'escalation to the street', () => s.rec.notifications.some((n) => n.kind === 'escalation' && n.level === 'street'));
  await s.t.sleep(24 * H);
  await s.waitUntil(h, 'escalation to the district', () => s.rec.notifications.some((n) => n.kind === 'escalation' && n.level === 'district'));
  expect(s.rec.notifications.find((n) => n.level === 'district')!.recipients).toEqual(['level:district:secretary']);
  expect(nags).toHaveLength(2); // R2: twice only
  expect((await s.state(h)).openTasks.map((t) => t.elementId)).toEqual(['sign']);

  await s.complete(h, 'sign', {}, 'li-na');
  await h.result();
  expect((await s.state(h)).visited.find((v) => v.elementId === 'sign')).toMatchObject({ outcome: 'completed', by: 'li-na' });
  await s.finish('deadlines', h);
});

test('after ten days the interrupting timer withdraws the task: the inbox row is closed as cancelled with the reason', async () => {
  const version = await s.deploy('deadlines.bpmn');
  const h = await s.start(version, {});
  const task = await s.openTask(h, 'sign');
  await s.t.sleep(10 * 24 * H + 60_000);
  await h.result();
  const row = s.rec.tasks.get(`${h.workflowId}/${task.taskKey}`)!;
  expect(row.closed).toMatchObject({ outcome: 'cancelled', reason: 'interrupted by boundary event giveUp' });
  const st = await s.state(h);
  expect(st.visited.find((v) => v.elementId === 'sign')).toMatchObject({ outcome: 'interrupted' });
  expect(st.visited.map((v) => v.elementId)).toContain('withdrawn');
  await s.finish('deadlines-withdrawn', h);
});

test('an escalation due at the moment an interrupting timer withdraws the task is still sent', async () => {
  const version = await s.deploy('due-together.bpmn');
  const h = await s.start(version, { compoundCode: 'compound-3' });
  await s.openTask(h, 'sign');
  await s.t.sleep(2 * 24 * H + 60_000);
  await h.result();
  const st = await s.state(h);
  expect(st.visited.find((v) => v.elementId === 'sign')).toMatchObject({ outcome: 'interrupted' });
  expect(st.visited.map((v) => v.elementId)).toContain('withdrawn');
  const escalations = s.rec.notifications.filter((n) => n.workflowId === h.workflowId && n.kind === 'escalation');
  expect(escalations).toEqual([expect.objectContaining({ level: 'street', recipients: ['level:street:secretary'], elementId: 'sign' })]);
  await s.finish('deadlines-due-together', h);
});
