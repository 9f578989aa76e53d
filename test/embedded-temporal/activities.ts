// Activities used by the embedded Temporal service's tests. State they record lives in `seen`
// so tests can assert what the activity itself observed (attempts, heartbeat details, cancellation).
import { ApplicationFailure, CancelledFailure, CompleteAsyncError, Context, heartbeat, sleep } from '@temporalio/activity';

export const seen = {
  attempts: new Map<string, number>(),
  cancelled: new Set<string>(),
  heartbeatResumedFrom: new Map<string, unknown>(),
};

export async function greet(name: string): Promise<string> {
  return `Hello, ${name}!`;
}

/** Fails until attempt `failTimes + 1`; returns the attempt that succeeded. */
export async function flaky(key: string, failTimes: number): Promise<number> {
  const { attempt } = Context.current().info;
  seen.attempts.set(key, attempt);
  if (attempt <= failTimes) throw new Error(`flaky failure on attempt ${attempt}`);
  return attempt;
}

export async function alwaysFails(key: string, type: string, nonRetryable: boolean): Promise<never> {
  seen.attempts.set(key, Context.current().info.attempt);
  throw ApplicationFailure.create({ message: `failed: ${key}`, type, nonRetryable });
}

/** Sleeps (without heartbeats) longer than its start-to-close timeout on the first attempt only. */
export async function slowFirstAttempt(ms: number): Promise<number> {
  const { attempt } = Context.current().info;
  if (attempt === 1) await sleep(ms);
  return attempt;
}

/** Heartbeats progress; on attempt 1 stops heartbeating (stalls); later attempts resume from the last heartbeat. */
export async function resumable(key: string): Promise<number> {
  const info = Context.current().info;
  const from = (info.heartbeatDetails as number | undefined) ?? 0;
  if (info.attempt > 1) seen.heartbeatResumedFrom.set(key, from);
  for (let i = from; i < 5; i++) {
    heartbeat(i + 1);
    if (info.attempt === 1 && i === 2) await sleep(3000); // stall past the heartbeat timeout
    await sleep(20);
  }
  return from;
}

/** Heartbeats until cancelled; records the cancellation. */
export async function waitForCancel(key: string): Promise<string> {
  try {
    for (;;) {
      heartbeat();
      await sleep(100);
    }
  } catch (err) {
    if (err instanceof CancelledFailure) {
      seen.cancelled.add(key);
      throw err;
    }
    throw err;
  }
}

export async function slowGreet(name: string, ms: number): Promise<string> {
  await sleep(ms);
  return `Hello, ${name}!`;
}

export const asyncTokens = new Map<string, Uint8Array>();

/** Hands its task token out and leaves completion to whoever holds it. */
export async function completedElsewhere(key: string): Promise<string> {
  asyncTokens.set(key, Context.current().info.taskToken);
  throw new CompleteAsyncError();
}
