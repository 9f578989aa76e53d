import { condition, defineSignal, isCancellation, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

export const release = defineSignal<[string]>('release');

/** Waits for `release`, returns its payload; reports cancellation as a cancelled workflow. */
export async function waitsForRelease(): Promise<string> {
  let value: string | undefined;
  setHandler(release, (v) => {
    value = v;
  });
  await condition(() => value !== undefined);
  return value!;
}

/** Sleeps; on cancellation cleans up (a short timer in a non-cancellable scope is not needed) and rethrows. */
export async function cancellableSleeper(): Promise<void> {
  try {
    await sleep('1 day');
  } catch (err) {
    if (isCancellation(err)) throw err;
    throw err;
  }
}

/** Upserts a custom keyword search attribute, then echoes what it started with. */
export async function tagged(stage: string): Promise<{ memo: unknown; stage: unknown }> {
  const startedWith = { memo: workflowInfo().memo, stage: workflowInfo().searchAttributes?.Stage };
  upsertSearchAttributes({ Stage: [stage] });
  return startedWith;
}

/** Produces a long history (many timers) for paging tests. */
export async function manyTimers(n: number): Promise<number> {
  for (let i = 0; i < n; i++) await sleep(1);
  return n;
}
