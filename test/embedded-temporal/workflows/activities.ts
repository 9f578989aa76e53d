import { ActivityFailure, ApplicationFailure, CancellationScope, ActivityCancellationType, TimeoutFailure, isCancellation, proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from '../activities';

function describeFailure(err: unknown): { kind: string; cause?: string; type?: string; timeoutType?: string; message?: string } {
  if (!(err instanceof ActivityFailure)) throw err;
  const cause = err.cause;
  if (cause instanceof TimeoutFailure) return { kind: 'activity', cause: 'timeout', timeoutType: cause.timeoutType };
  if (cause instanceof ApplicationFailure) return { kind: 'activity', cause: 'application', type: cause.type ?? undefined, message: cause.message };
  return { kind: 'activity', cause: cause?.name, message: cause?.message };
}

/** An activity that fails twice, retried with a short backoff. */
export async function retryingActivity(key: string): Promise<number> {
  const { flaky } = proxyActivities<typeof activities>({ startToCloseTimeout: '5s', retry: { initialInterval: '50ms', backoffCoefficient: 2 } });
  return await flaky(key, 2);
}

export async function exhaustsAttempts(key: string): Promise<unknown> {
  const { alwaysFails } = proxyActivities<typeof activities>({ startToCloseTimeout: '5s', retry: { initialInterval: '20ms', maximumAttempts: 3 } });
  try {
    return await alwaysFails(key, 'Flaky', false);
  } catch (err) {
    return describeFailure(err);
  }
}

export async function nonRetryableFailures(key: string): Promise<unknown[]> {
  const { alwaysFails } = proxyActivities<typeof activities>({ startToCloseTimeout: '5s', retry: { initialInterval: '20ms', nonRetryableErrorTypes: ['Fatal'] } });
  const out: unknown[] = [];
  for (const [suffix, type, flag] of [['flag', 'Whatever', true], ['type', 'Fatal', false]] as const) {
    try {
      await alwaysFails(`${key}-${suffix}`, type, flag);
    } catch (err) {
      out.push(describeFailure(err));
    }
  }
  return out;
}

export async function startToCloseRetry(): Promise<number> {
  const { slowFirstAttempt } = proxyActivities<typeof activities>({ startToCloseTimeout: '300ms', retry: { initialInterval: '20ms', maximumAttempts: 3 } });
  return await slowFirstAttempt(2000);
}

export async function heartbeatTimeoutResumes(key: string): Promise<number> {
  const { resumable } = proxyActivities<typeof activities>({ startToCloseTimeout: '20s', heartbeatTimeout: '500ms', retry: { initialInterval: '20ms', maximumAttempts: 3 } });
  return await resumable(key);
}

export async function scheduleToStartTimeout(): Promise<unknown> {
  const { greet } = proxyActivities<typeof activities>({ taskQueue: 'nobody-polls-this-queue', scheduleToStartTimeout: '300ms', startToCloseTimeout: '1s' });
  try {
    return await greet('nobody');
  } catch (err) {
    return describeFailure(err);
  }
}

/** Schedule-to-close bounds a running attempt, and stops retries whose next attempt would start too late. */
export async function scheduleToCloseTimeout(key: string): Promise<unknown[]> {
  const { alwaysFails, slowFirstAttempt } = proxyActivities<typeof activities>({
    // Retries 1 s apart under a 2.9 s bound: attempts at 0, 1 and 2 s, then the next would start too late.
    // The last attempt has 0.9 s to finish before the bound, so a loaded machine still sees the
    // retry stop (application failure) rather than the bound cutting a running attempt (timeout).
    scheduleToCloseTimeout: '2900ms', retry: { initialInterval: '1s', backoffCoefficient: 1 },
  });
  const out: unknown[] = [];
  for (const call of [() => slowFirstAttempt(5000), () => alwaysFails(key, 'Flaky', false)]) {
    try {
      out.push(await call());
    } catch (err) {
      out.push(describeFailure(err));
    }
  }
  return out;
}

/** Cancels a heartbeating activity and waits for the worker to confirm it. */
export async function cancelsActivity(key: string): Promise<string> {
  const { waitForCancel } = proxyActivities<typeof activities>({
    startToCloseTimeout: '30s', heartbeatTimeout: '2s', cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  try {
    await CancellationScope.cancellable(async () => {
      const p = waitForCancel(key);
      await sleep(500);
      CancellationScope.current().cancel();
      await p;
    });
    return 'not cancelled';
  } catch (err) {
    return isCancellation(err) ? 'cancelled' : `other: ${String(err)}`;
  }
}
