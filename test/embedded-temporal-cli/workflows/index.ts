// Tiny workflows for starting the embedded service the way TestWorkflowEnvironment does.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from '../activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

/** One activity round trip. */
export async function greetWorkflow(name: string): Promise<string> {
  return await greet(name);
}

/** Sleeps 90 days of workflow time and reports how much time the workflow saw pass. */
export async function ninetyDayNap(): Promise<number> {
  const before = Date.now();
  await sleep('90 days');
  return Date.now() - before;
}
