import {
  ApplicationFailure, ChildWorkflowFailure, ParentClosePolicy, condition, continueAsNew,
  executeChild, getExternalWorkflowHandle, isCancellation, startChild, workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { accumulator, addSignal, doneSignal, greeting } from './basics';

export async function waitForever(): Promise<void> {
  await condition(() => false);
}

export async function failing(message: string): Promise<void> {
  throw ApplicationFailure.create({ message, nonRetryable: true });
}

export async function childResult(): Promise<string> {
  return await executeChild(greeting, { args: ['child'], workflowId: `${workflowInfo().workflowId}-kid` });
}

export async function childFailure(): Promise<string> {
  try {
    await executeChild(failing, { args: ['child broke'], workflowId: `${workflowInfo().workflowId}-kid` });
    return 'no failure';
  } catch (err) {
    if (err instanceof ChildWorkflowFailure && err.cause instanceof ApplicationFailure) return err.cause.message;
    throw err;
  }
}

/** Starts a never-ending child with the given parent close policy and returns without waiting. */
export async function leavesChild(policy: 'TERMINATE' | 'ABANDON' | 'REQUEST_CANCEL', childId: string): Promise<string> {
  const policies = {
    TERMINATE: ParentClosePolicy.TERMINATE,
    ABANDON: ParentClosePolicy.ABANDON,
    REQUEST_CANCEL: ParentClosePolicy.REQUEST_CANCEL,
  };
  const child = await startChild(waitForever, { workflowId: childId, parentClosePolicy: policies[policy] });
  return child.firstExecutionRunId;
}

/** Signals its child through an external handle. */
export async function signalsChild(): Promise<number> {
  const childId = `${workflowInfo().workflowId}-acc`;
  const child = await startChild(accumulator, { workflowId: childId });
  const external = getExternalWorkflowHandle(childId);
  await external.signal(addSignal, 3);
  await external.signal(addSignal, 4);
  await external.signal(doneSignal);
  return await child.result();
}

export async function signalsMissing(): Promise<string> {
  try {
    await getExternalWorkflowHandle('no-such-workflow').signal(doneSignal);
    return 'signalled';
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

/** Cancels its child through an external handle; the child ends cancelled. */
export async function cancelsChild(): Promise<string> {
  const childId = `${workflowInfo().workflowId}-victim`;
  const child = await startChild(waitForever, { workflowId: childId });
  await getExternalWorkflowHandle(childId).cancel();
  try {
    await child.result();
    return 'child completed';
  } catch (err) {
    return err instanceof ChildWorkflowFailure && isCancellation(err.cause) ? 'child cancelled' : `other: ${String(err)}`;
  }
}

export async function duplicateChild(existingId: string): Promise<string> {
  try {
    await startChild(waitForever, { workflowId: existingId });
    return 'started';
  } catch (err) {
    return err instanceof WorkflowExecutionAlreadyStartedError ? 'already started' : `other: ${String(err)}`;
  }
}

/** Continues as new `n` times, carrying a running total; returns the total and the run count. */
export async function countdown(n: number, acc: number[] = []): Promise<number[]> {
  if (n > 0) await continueAsNew<typeof countdown>(n - 1, [...acc, n]);
  return acc;
}

/** A parent whose child continues as new: the parent sees the last run's result. */
export async function parentOfCountdown(): Promise<number[]> {
  return await executeChild(countdown, { args: [2], workflowId: `${workflowInfo().workflowId}-cd` });
}
