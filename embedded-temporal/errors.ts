/** Typed service errors; the gRPC layer maps each to its status code. */
import { status } from '@grpc/grpc-js';

export class ServiceError extends Error {
  constructor(readonly code: status, message: string) {
    super(message);
    this.name = 'ServiceError';
  }
}

export class NotFoundError extends ServiceError {
  constructor(message: string) { super(status.NOT_FOUND, message); this.name = 'NotFoundError'; }
}

export class InvalidArgumentError extends ServiceError {
  constructor(message: string) { super(status.INVALID_ARGUMENT, message); this.name = 'InvalidArgumentError'; }
}

export class AlreadyStartedError extends ServiceError {
  constructor(message: string, readonly workflowId: string, readonly runId: string) {
    super(status.ALREADY_EXISTS, message);
    this.name = 'AlreadyStartedError';
  }
}

export class FailedPreconditionError extends ServiceError {
  constructor(message: string) { super(status.FAILED_PRECONDITION, message); this.name = 'FailedPreconditionError'; }
}
