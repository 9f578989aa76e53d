/**
 * Parent and child runs: a closing child reports to its parent (ChildWorkflowExecution* events),
 * and a closing parent applies each open child's parent close policy.
 */
import { EventType, ExecutionStatus, RetryState } from './proto';
import type { Execution } from './execution';
import type { ExecutionState } from './state';
import type { Engine, NewEvent } from './engine';

export function notifyParent(engine: Engine, child: Execution, status: number, closeEvent: NewEvent): void {
  const info = child.state.parent!;
  const parent = engine.executions.get(info.runId);
  if (!parent?.open) return;
  const record = parent.state.children[info.initiatedEventId];
  if (!record) return;
  delete parent.state.children[info.initiatedEventId];
  const common = {
    namespace: info.namespace,
    workflowExecution: { workflowId: child.state.workflowId, runId: child.state.runId },
    workflowType: { name: child.state.workflowType },
    initiatedEventId: info.initiatedEventId,
    startedEventId: record.startedEventId ?? 0,
  };
  const S = ExecutionStatus;
  let ev: NewEvent;
  switch (status) {
    case S.WORKFLOW_EXECUTION_STATUS_COMPLETED:
      ev = { eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED, childWorkflowExecutionCompletedEventAttributes: { ...common, result: closeEvent.workflowExecutionCompletedEventAttributes?.result } };
      break;
    case S.WORKFLOW_EXECUTION_STATUS_FAILED:
      ev = { eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED, childWorkflowExecutionFailedEventAttributes: { ...common, failure: closeEvent.workflowExecutionFailedEventAttributes?.failure, retryState: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET } };
      break;
    case S.WORKFLOW_EXECUTION_STATUS_CANCELED:
      ev = { eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED, childWorkflowExecutionCanceledEventAttributes: { ...common, details: closeEvent.workflowExecutionCanceledEventAttributes?.details } };
      break;
    case S.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
      ev = { eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT, childWorkflowExecutionTimedOutEventAttributes: { ...common, retryState: RetryState.RETRY_STATE_TIMEOUT } };
      break;
    default:
      ev = { eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED, childWorkflowExecutionTerminatedEventAttributes: common };
  }
  engine.deliver(parent, ev);
}

export function applyParentClosePolicy(engine: Engine, child: ExecutionState['children'][number]): void {
  const target = child.runId ? engine.executions.get(child.runId) ?? engine.tryFind(child.namespace, child.workflowId) : undefined;
  if (!target?.open) return;
  if (child.parentClosePolicy === 2 /* ABANDON */) return;
  if (child.parentClosePolicy === 3 /* REQUEST_CANCEL */) {
    engine.requestCancel(target, 'parent closed (parent close policy REQUEST_CANCEL)', 'embedded-temporal');
  } else {
    engine.terminate(target, 'parent closed (parent close policy TERMINATE)', undefined, 'embedded-temporal');
  }
}
