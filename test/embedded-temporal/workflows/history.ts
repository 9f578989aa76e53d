import { sleep, workflowInfo } from '@temporalio/workflow';

/** Sleeps in a loop until the service suggests continue-as-new; reports what it saw then. */
export async function growsUntilSuggested(): Promise<{ length: number; size: number }> {
  while (!workflowInfo().continueAsNewSuggested) await sleep(1);
  return { length: workflowInfo().historyLength, size: workflowInfo().historySize };
}

/** Returns the workflow clock of its first activation. */
export async function clockSeen(): Promise<number> {
  const first = Date.now();
  await sleep(10);
  return first;
}
