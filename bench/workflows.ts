// The bench's workflow: the smallest real unit of work, one activity round trip.
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { echo } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function oneActivity(n: number): Promise<number> {
  return await echo(n);
}
