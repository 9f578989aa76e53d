import { useSuite } from './suite';
import { seen } from './activities';

const DAY = 24 * 3600_000;
const s = useSuite({ timeSkipping: true });

test('a workflow that sleeps 90 days finishes in seconds', async () => {
  const realStart = Date.now();
  const virtualStart = await s.t.now();
  const slept = await s.t.client.workflow.execute('napDays', { taskQueue: s.taskQueue, workflowId: 'nap-90', args: [90] });
  expect(slept).toBeGreaterThanOrEqual(90 * DAY);
  expect((await s.t.now()) - virtualStart).toBeGreaterThanOrEqual(90 * DAY);
  expect(Date.now() - realStart).toBeLessThan(30_000); // would be 90 real days without skipping
});

test('an hour-long retry backoff and a week-long sleep are skipped too', async () => {
  expect(await s.t.client.workflow.execute('slowRetriesAndSleeps', { taskQueue: s.taskQueue, workflowId: 'retry-week', args: ['skip-retry'] })).toBe(2);
  expect(seen.attempts.get('skip-retry')).toBe(2);
});

test('time stands still while locked: a started workflow does not advance until the test sleeps', async () => {
  const handle = await s.t.client.workflow.start('napDays', { taskQueue: s.taskQueue, workflowId: 'nap-locked', args: [2] });
  await new Promise((r) => setTimeout(r, 500));
  expect((await handle.describe()).status.name).toBe('RUNNING');
  await s.t.sleep(3 * DAY); // env.sleep: unlocks and advances virtual time by three days
  expect((await handle.describe()).status.name).toBe('COMPLETED');
});
