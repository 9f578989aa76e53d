import { workflowSuite, type Suite } from '../support/harness';

let lateCount = 0;
let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname, {
    recordLate: async () => {
      lateCount++;
      return null;
    },
  });
});
afterAll(async () => s?.close());

test('a long instance continues as new with its tokens, variables, open task and running timers', async () => {
  const version = await s.deploy('continue-as-new.bpmn');
  const h = await s.start(version, { visits: 0 }, { continueAsNewAfter: 40 });
  const firstRun = (await h.describe()).runId;
  for (let i = 0; i < 6; i++) await s.complete(h, 'visit', { finished: false });
  const task = await s.openTask(h, 'visit');
  const later = await h.describe();
  expect(later.runId).not.toBe(firstRun); // it continued as new at least once
  const st = await s.state(h);
  expect(st.variables.visits).toBe(6);
  expect(st.openTasks.map((t) => t.taskKey)).toEqual([task.taskKey]);

  // the P30D boundary timer of the open task still fires in the new run
  await s.t.sleep(30 * 86400_000 + 60_000);
  await s.waitUntil(h, 'the late notice', () => lateCount === 1);
  await s.complete(h, 'visit', { finished: true });
  const r = await h.result();
  expect(r.variables).toEqual({ visits: 7, finished: true });
  expect(await s.t.replayAll(s.bundle)).toBeGreaterThan(1);
  await s.finish('continue-as-new', h);
});
