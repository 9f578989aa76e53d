/**
 * Temporal's retry policy arithmetic, shared by activities and workflows: whether a failed attempt
 * is retried and after how long. Defaults are the server's: 1 s initial interval, coefficient 2,
 * maximum interval 100 × initial, unlimited attempts.
 */
import { RetryState, durationMs, type IFailure, type Plain, type temporal } from './proto';

type RetryPolicy = Plain<temporal.api.common.v1.IRetryPolicy>;
export type RetryVerdict = { delay: number } | { stop: temporal.api.enums.v1.RetryState };

export function retryVerdict(
  policy: RetryPolicy | null | undefined,
  attempt: number,
  failure: IFailure | null | undefined,
  now: number,
  /** The retry must start before this moment (schedule-to-close / execution timeout). */
  deadline: number | undefined,
  opts: { isTimeout?: boolean } = {},
): RetryVerdict {
  if (!opts.isTimeout && failure?.applicationFailureInfo?.nonRetryable) return { stop: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
  const type = failure?.applicationFailureInfo?.type;
  if (type && policy?.nonRetryableErrorTypes?.includes(type)) return { stop: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
  const max = policy?.maximumAttempts ?? 0;
  if (max > 0 && attempt >= max) return { stop: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  const initial = durationMs(policy?.initialInterval) ?? 1000;
  const coefficient = policy?.backoffCoefficient && policy.backoffCoefficient >= 1 ? policy.backoffCoefficient : 2;
  const maxInterval = durationMs(policy?.maximumInterval) ?? initial * 100;
  // An explicit delay asked for by the failing code wins over the policy's backoff.
  const asked = durationMs(failure?.applicationFailureInfo?.nextRetryDelay);
  const delay = asked ?? Math.min(initial * Math.pow(coefficient, attempt - 1), maxInterval);
  if (deadline !== undefined && now + delay >= deadline) return { stop: RetryState.RETRY_STATE_TIMEOUT };
  return { delay };
}
