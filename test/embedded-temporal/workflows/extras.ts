import { ApplicationFailure, condition, defineQuery, defineSignal, patched, proxyActivities, proxyLocalActivities, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities';

export const status = defineQuery<string>('status');
export const explode = defineQuery<string>('explode');
export const advance = defineSignal('advance');

/** A workflow to query in every state: idle, mid-task, closed. */
export async function queryable(): Promise<string> {
  let step = 0;
  setHandler(status, () => `step ${step}`);
  setHandler(explode, () => {
    throw new Error('query handler broke');
  });
  setHandler(advance, () => {
    step++;
  });
  await condition(() => step >= 2);
  return `finished at step ${step}`;
}

/** Local activities are recorded as markers; patches leave their flag in history. */
export async function localAndPatched(name: string): Promise<string> {
  const { greet } = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '5s' });
  const greeting = await greet(name);
  return patched('greeting-v2') ? `${greeting} (v2)` : greeting;
}

/** The activity completes asynchronously, from outside the worker. */
export async function awaitsExternalCompletion(key: string): Promise<string> {
  const { completedElsewhere } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });
  return await completedElsewhere(key);
}

export async function upsertsMemo(): Promise<void> {
  upsertMemo({ reviewedBy: 'street secretary' });
}

/** `condition` with a timeout starts a timer and cancels it when the condition wins. */
export async function conditionOrTimeout(): Promise<string[]> {
  let go = false;
  setHandler(advance, () => {
    go = true;
  });
  const first = await condition(() => go, '1 hour'); // the signal wins: the timer is cancelled
  const second = await condition(() => false, '200ms'); // the timer wins
  return [String(first), String(second)];
}

/** Fails (retryably) until its third attempt; the workflow retry policy starts new runs. */
export async function succeedsOnThirdAttempt(): Promise<number> {
  const { attempt } = workflowInfo();
  if (attempt < 3) throw ApplicationFailure.create({ message: `attempt ${attempt} failed` });
  return attempt;
}
