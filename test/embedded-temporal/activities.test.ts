import { useSuite } from './suite';
import { seen } from './activities';

const s = useSuite();
const run = async <T>(type: string, args: unknown[] = [], id = `${type}-${Math.random().toString(36).slice(2, 8)}`): Promise<T> =>
  (await s.t.client.workflow.execute(type, { taskQueue: s.taskQueue, workflowId: id, args })) as T;

test('a failing activity is retried with backoff until it succeeds', async () => {
  expect(await run<number>('retryingActivity', ['r1'])).toBe(3);
  expect(seen.attempts.get('r1')).toBe(3);
});

test('maximum attempts ends the retries with the last failure', async () => {
  const result = await run('exhaustsAttempts', ['max']);
  expect(result).toEqual({ kind: 'activity', cause: 'application', type: 'Flaky', message: 'failed: max' });
  expect(seen.attempts.get('max')).toBe(3);
});

test('non-retryable failures (by flag or by listed type) are not retried', async () => {
  const result = await run<Array<{ type: string }>>('nonRetryableFailures', ['nr']);
  expect(result.map((r) => r.type)).toEqual(['Whatever', 'Fatal']);
  expect(seen.attempts.get('nr-flag')).toBe(1);
  expect(seen.attempts.get('nr-type')).toBe(1);
});

test('an attempt that exceeds start-to-close is retried', async () => {
  expect(await run<number>('startToCloseRetry')).toBe(2);
});

test('a heartbeat timeout retries and the next attempt sees the last heartbeat details', async () => {
  expect(await run<number>('heartbeatTimeoutResumes', ['hb'])).toBe(3);
  expect(seen.heartbeatResumedFrom.get('hb')).toBe(3);
});

test('schedule-to-start timeout fires when no worker takes the task', async () => {
  expect(await run('scheduleToStartTimeout')).toEqual({ kind: 'activity', cause: 'timeout', timeoutType: 'SCHEDULE_TO_START' });
});

test('schedule-to-close timeout bounds all attempts', async () => {
  const started = Date.now();
  expect(await run('scheduleToCloseTimeout', ['s2c'])).toEqual([
    { kind: 'activity', cause: 'timeout', timeoutType: 'SCHEDULE_TO_CLOSE' },
    { kind: 'activity', cause: 'application', type: 'Flaky', message: 'failed: s2c' },
  ]);
  // cut at 2.9 s + about 2 s of retries ≈ 4.9 s; had the bound not cut the 5 s attempt it would be ≥ 7 s
  expect(Date.now() - started).toBeLessThan(6500);
  expect(seen.attempts.get('s2c')).toBeGreaterThan(1);
});

test('cancelling an activity reaches it through its heartbeat and the workflow sees the cancellation', async () => {
  expect(await run<string>('cancelsActivity', ['c1'])).toBe('cancelled');
  expect(seen.cancelled.has('c1')).toBe(true);
});
