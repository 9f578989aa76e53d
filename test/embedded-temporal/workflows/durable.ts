import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type * as activities from '../activities';

export const proceed = defineSignal<[string]>('proceed');

/**
 * Activity, timer, signal, activity: a run with work of every kind outstanding at some moment,
 * for the crash test.
 */
export async function durableSteps(name: string): Promise<string> {
  const { slowGreet } = proxyActivities<typeof activities>({ startToCloseTimeout: '20s', retry: { initialInterval: '100ms' } });
  let word: string | undefined;
  setHandler(proceed, (w) => {
    word = w;
  });
  const first = await slowGreet(name, 300);
  await sleep(1500);
  await condition(() => word !== undefined);
  const second = await slowGreet(word!, 100);
  return `${first} / ${second}`;
}
