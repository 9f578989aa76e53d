import { condition, defineSignal, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export const setValue = defineUpdate<number, [number]>('setValue');
export const finish = defineSignal('finish');

/** Holds a number; `setValue` replaces it (returning the old one) unless the new one is negative. */
export async function register(): Promise<number> {
  let value = 0;
  let finished = false;
  setHandler(setValue, async (v) => {
    await sleep(10);
    const old = value;
    value = v;
    return old;
  }, {
    validator: (v) => {
      if (v < 0) throw new Error(`negative values are refused: ${v}`);
    },
  });
  setHandler(finish, () => {
    finished = true;
  });
  await condition(() => finished);
  return value;
}

export const close = defineUpdate<string, [string]>('close');
export const neverFinishes = defineUpdate<void>('neverFinishes');

/** Finishes as soon as a `close` update (returning its argument) or the `finish` signal arrives. */
export async function closedByUpdate(): Promise<string> {
  let result: string | undefined;
  setHandler(close, (v) => {
    result = v;
    return v;
  }, {
    validator: (v) => {
      if (v === '') throw new Error('an empty result is refused');
    },
  });
  // Accepted, then never completes: the run closes under it.
  setHandler(neverFinishes, () => condition(() => false));
  setHandler(finish, () => {
    result = 'signalled';
  });
  await condition(() => result !== undefined);
  return result!;
}
