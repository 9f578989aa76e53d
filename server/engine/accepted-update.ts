// Whether the workflow accepted an Update, read from what Temporal recorded. Temporal answers an
// Update's caller over a connection that can fail after the workflow already accepted it (the run
// closed between the accept and the caller's next poll, or a long poll ended and the re-sent
// request met a closed run). The history is the truth: an accepted Update is done, whatever
// happened to the run afterwards.
import { temporal } from '@temporalio/proto';
import type { History } from './process-engine';

const EventType = temporal.api.enums.v1.EventType;

export type RecordedUpdate =
  | { stage: 'unknown' }
  | { stage: 'accepted' }
  | { stage: 'failed'; type: string; message: string };

/** The Update `updateId` as the run's history has it: unknown, accepted (maybe completed), or failed. */
export function recordedUpdate(history: History, updateId: string): RecordedUpdate {
  let accepted = false;
  for (const e of history.events ?? []) {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED && e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId === updateId) {
      accepted = true;
    }
    const done = e.workflowExecutionUpdateCompletedEventAttributes;
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED && done?.meta?.updateId === updateId && done.outcome?.failure) {
      const failure = done.outcome.failure;
      return { stage: 'failed', type: failure.applicationFailureInfo?.type ?? '', message: failure.message ?? '' };
    }
  }
  return accepted ? { stage: 'accepted' } : { stage: 'unknown' };
}

/** Temporal's answer for an Update accepted by a run that then closed before completing it. */
export const ACCEPTED_THEN_RUN_CLOSED = 'AcceptedUpdateCompletedWorkflow';
