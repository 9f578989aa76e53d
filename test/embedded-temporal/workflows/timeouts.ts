import { condition, defineSignal, setHandler, sleep } from '@temporalio/workflow';

export const fix = defineSignal('fix');
export const note = defineSignal<[string]>('note');

export async function sleepsLong(): Promise<void> {
  await sleep('1 hour');
}

/** Fails its workflow task (a plain Error) until the `fix` signal has arrived. */
export async function brokenUntilFixed(): Promise<string> {
  let fixed = false;
  setHandler(fix, () => {
    fixed = true;
  });
  await sleep(1);
  if (!fixed) throw new Error('not fixed yet');
  return 'fixed';
}

/** Optionally computes a while (deterministically), then returns the notes it got. */
export async function slowFinisher(iterations: number): Promise<string[]> {
  const notes: string[] = [];
  setHandler(note, (n) => {
    notes.push(n);
  });
  let x = 0;
  for (let i = 0; i < iterations; i++) x = (x + i) % 7919;
  if (x < 0) await condition(() => true);
  return notes;
}
