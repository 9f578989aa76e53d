// Which activity failures are worth retrying. Temporal retries every activity error by default;
// a bad identity or a missing deployment will be just as bad on the next attempt, so those fail
// at once (non-retryable, with a type the workflow can turn into an incident).
import { ApplicationFailure } from '@temporalio/common';
import { IdentityError } from './org/identity';

export class DeploymentNotFoundError extends Error {
  constructor(readonly what: string) {
    super(`no deployment ${what}`);
    this.name = 'DeploymentNotFoundError';
  }
}

export function nonRetryable(e: unknown): unknown {
  if (e instanceof IdentityError || e instanceof DeploymentNotFoundError) {
    return ApplicationFailure.create({ message: e.message, type: e.name, nonRetryable: true, cause: e });
  }
  return e;
}

/** Prisma's unique-constraint violation: a concurrent attempt of the same idempotent call won. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}
