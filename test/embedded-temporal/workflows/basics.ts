import { proxyActivities, sleep, defineSignal, defineQuery, setHandler, condition } from '@temporalio/workflow';
import type * as activities from '../activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

/** start → one activity → result. */
export async function greeting(name: string): Promise<string> {
  return await greet(name);
}

export async function sleeper(ms: number): Promise<string> {
  await sleep(ms);
  return 'woke';
}

export const addSignal = defineSignal<[number]>('add');
export const doneSignal = defineSignal('done');
export const totalQuery = defineQuery<number>('total');

/** Sums `add` signals until `done`; `total` answers the running sum. */
export async function accumulator(): Promise<number> {
  let total = 0;
  let done = false;
  setHandler(addSignal, (n) => {
    total += n;
  });
  setHandler(doneSignal, () => {
    done = true;
  });
  setHandler(totalQuery, () => total);
  await condition(() => done);
  return total;
}
