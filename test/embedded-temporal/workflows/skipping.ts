import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from '../activities';

/** Sleeps `days` days and reports how much workflow time passed. */
export async function napDays(days: number): Promise<number> {
  const before = Date.now();
  await sleep(`${days} days`);
  return Date.now() - before;
}

/** An activity retried after a one-hour backoff, around a week-long sleep. */
export async function slowRetriesAndSleeps(key: string): Promise<number> {
  const { flaky } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', retry: { initialInterval: '1 hour', backoffCoefficient: 1 } });
  await sleep('7 days');
  return await flaky(key, 1);
}
