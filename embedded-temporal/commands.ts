/**
 * RespondWorkflowTaskCompleted: turns the worker's commands (and protocol messages) into history
 * events, in command order, exactly as the server does. Effects on other runs (child starts,
 * signals and cancels to other workflows) are deferred until all command events are written so a
 * workflow's command events stay contiguous.
 */
import {
  EventType, ExecutionStatus, RetryState, WorkflowTaskFailedCause, durationMs, msToDuration, temporal,
  type IFailure, type Plain,
} from './proto';
import type { Execution } from './execution';
import type { Engine, NewEvent } from './engine';
import { newActivity, requestCancelActivity } from './activities';
import { InvalidArgumentError } from './errors';
import { processUpdateMessage } from './updates';
import { retryVerdict, type RetryVerdict } from './retry';

type Request = Plain<temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest>;
type Command = Plain<temporal.api.command.v1.ICommand>;
type Message = Plain<temporal.api.protocol.v1.IMessage>;
const CT = temporal.api.enums.v1.CommandType;

const closingCommands = new Set<number>([
  CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION, CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);

const supported = new Set<number>([
  ...closingCommands, CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK, CT.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
  CT.COMMAND_TYPE_START_TIMER, CT.COMMAND_TYPE_CANCEL_TIMER, CT.COMMAND_TYPE_RECORD_MARKER,
  CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION, CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION, CT.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  CT.COMMAND_TYPE_PROTOCOL_MESSAGE, CT.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES,
]);

export function completeWorkflowTask(engine: Engine, exec: Execution, req: Request): void {
  const st = exec.state;
  const identity = req.identity ?? '';
  const commands = req.commands ?? [];
  for (const c of commands) {
    if (!supported.has(c.commandType ?? 0)) {
      engine.failWorkflowTask(exec, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_BINARY, { message: `command ${CT[c.commandType ?? 0]} is not supported by the embedded Temporal service` }, identity, 1);
      throw new InvalidArgumentError(`command ${CT[c.commandType ?? 0]} is not supported by the embedded Temporal service`);
    }
  }
  if (st.buffered.length > 0 && commands.some((c) => closingCommands.has(c.commandType ?? 0))) {
    // New events arrived while the worker decided to finish: it must see them first.
    engine.failWorkflowTask(exec, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
      { message: 'Workflow task completion was rejected: new events arrived while it ran (UnhandledCommand)' }, identity, 1);
    return;
  }
  const scheduledEventId = st.wft!.scheduledEventId;
  exec.completing = true;
  exec.needsWft = false;
  try {
    const completedId = engine.endWorkflowTask(exec, (startedEventId) => ({
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      workflowTaskCompletedEventAttributes: {
        scheduledEventId, startedEventId, identity, binaryChecksum: req.binaryChecksum ?? '',
        sdkMetadata: req.sdkMetadata ?? undefined, meteringMetadata: req.meteringMetadata ?? undefined,
        workerVersion: req.workerVersionStamp ?? undefined,
      },
    }), identity);
    st.lastCompletedStartedEventId = completedId - 1;
    for (const h of engine.taskEndHooks) h(exec, true);
    const messages = new Map<string, Message>();
    for (const m of req.messages ?? []) messages.set(m.id ?? '', m);
    for (const c of commands) {
      if (!exec.open) break;
      if (closingCommands.has(c.commandType ?? 0)) runDeferred(exec);
      applyCommand(engine, exec, c, completedId, messages);
    }
    // messages no command placed: rejections, which write no history, count even when the run closed here
    for (const m of messages.values()) processUpdateMessage(engine, exec, m, completedId);
    engine.flushBuffered(exec);
    runDeferred(exec);
  } finally {
    exec.completing = false;
  }
  if (exec.open && (exec.needsWft || req.forceCreateNewWorkflowTask || Object.values(st.updates).some((u) => u.stage === 'admitted'))) {
    engine.scheduleWorkflowTask(exec);
  }
  exec.needsWft = false;
}

function runDeferred(exec: Execution): void {
  while (exec.deferred.length > 0) exec.deferred.shift()!();
}

function applyCommand(engine: Engine, exec: Execution, c: Command, completedId: number, messages: Map<string, Message>): void {
  const st = exec.state;
  const now = engine.clock.now();
  switch (c.commandType) {
    case CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: {
      const a = c.scheduleActivityTaskCommandAttributes!;
      const ev = engine.append(exec, {
        eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
        activityTaskScheduledEventAttributes: {
          activityId: a.activityId, activityType: a.activityType, taskQueue: { name: a.taskQueue?.name || st.taskQueue, kind: 1 },
          header: a.header, input: a.input, scheduleToCloseTimeout: a.scheduleToCloseTimeout, scheduleToStartTimeout: a.scheduleToStartTimeout,
          startToCloseTimeout: a.startToCloseTimeout, heartbeatTimeout: a.heartbeatTimeout, workflowTaskCompletedEventId: completedId,
          retryPolicy: a.retryPolicy, priority: a.priority,
        },
      });
      const id = Number(ev.eventId);
      st.activities[id] = newActivity(a, id, st.taskQueue, now, st.runTimeoutMs);
      return;
    }
    case CT.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:
      requestCancelActivity(engine, exec, Number(c.requestCancelActivityTaskCommandAttributes?.scheduledEventId), completedId);
      return;
    case CT.COMMAND_TYPE_START_TIMER: {
      const a = c.startTimerCommandAttributes!;
      const ev = engine.append(exec, {
        eventType: EventType.EVENT_TYPE_TIMER_STARTED,
        timerStartedEventAttributes: { timerId: a.timerId, startToFireTimeout: a.startToFireTimeout, workflowTaskCompletedEventId: completedId },
        // the command's summary, as Temporal keeps it on the event (read by audit timelines)
        ...(c.userMetadata ? { userMetadata: c.userMetadata } : {}),
      });
      const timerId = a.timerId ?? '';
      st.timers[timerId] = { timerId, startedEventId: Number(ev.eventId), fireAt: now + (durationMs(a.startToFireTimeout) ?? 0) };
      return;
    }
    case CT.COMMAND_TYPE_CANCEL_TIMER: {
      const timerId = c.cancelTimerCommandAttributes?.timerId ?? '';
      const t = st.timers[timerId];
      if (!t) return;
      delete st.timers[timerId];
      engine.append(exec, {
        eventType: EventType.EVENT_TYPE_TIMER_CANCELED,
        timerCanceledEventAttributes: { timerId, startedEventId: t.startedEventId, workflowTaskCompletedEventId: completedId, identity: '' },
      });
      return;
    }
    case CT.COMMAND_TYPE_RECORD_MARKER: {
      const a = c.recordMarkerCommandAttributes!;
      engine.append(exec, {
        eventType: EventType.EVENT_TYPE_MARKER_RECORDED,
        markerRecordedEventAttributes: { markerName: a.markerName, details: a.details, header: a.header, failure: a.failure, workflowTaskCompletedEventId: completedId },
      });
      return;
    }
    case CT.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
      const sa = c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes;
      engine.append(exec, {
        eventType: EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
        upsertWorkflowSearchAttributesEventAttributes: { searchAttributes: sa, workflowTaskCompletedEventId: completedId },
      });
      st.searchAttributes = { indexedFields: { ...(st.searchAttributes?.indexedFields ?? {}), ...(sa?.indexedFields ?? {}) } };
      for (const [k, v] of Object.entries(st.searchAttributes.indexedFields ?? {})) {
        if (!v?.data || v.data.length === 0) delete st.searchAttributes.indexedFields![k]; // an empty value removes the attribute
      }
      return;
    }
    case CT.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: {
      const memo = c.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo;
      engine.append(exec, {
        eventType: EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
        workflowPropertiesModifiedEventAttributes: { upsertedMemo: memo, workflowTaskCompletedEventId: completedId },
      });
      st.memo = { fields: { ...(st.memo?.fields ?? {}), ...(memo?.fields ?? {}) } };
      return;
    }
    case CT.COMMAND_TYPE_PROTOCOL_MESSAGE: {
      const id = c.protocolMessageCommandAttributes?.messageId ?? '';
      const m = messages.get(id);
      if (m) {
        messages.delete(id);
        processUpdateMessage(engine, exec, m, completedId);
      }
      return;
    }
    case CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
      engine.close(exec, ExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED, {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        workflowExecutionCompletedEventAttributes: { result: c.completeWorkflowExecutionCommandAttributes?.result, workflowTaskCompletedEventId: completedId },
      });
      return;
    case CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
      failOrRetry(engine, exec, c.failWorkflowExecutionCommandAttributes?.failure, completedId);
      return;
    case CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
      engine.close(exec, ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED, {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
        workflowExecutionCanceledEventAttributes: { details: c.cancelWorkflowExecutionCommandAttributes?.details, workflowTaskCompletedEventId: completedId },
      });
      return;
    case CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
      continueAsNew(engine, exec, c.continueAsNewWorkflowExecutionCommandAttributes!, completedId);
      return;
    case CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION:
      startChild(engine, exec, c.startChildWorkflowExecutionCommandAttributes!, completedId);
      return;
    case CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION:
      signalExternal(engine, exec, c.signalExternalWorkflowExecutionCommandAttributes!, completedId);
      return;
    case CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION:
      cancelExternal(engine, exec, c.requestCancelExternalWorkflowExecutionCommandAttributes!, completedId);
      return;
  }
}

function continueAsNew(engine: Engine, exec: Execution, a: Plain<temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes>, completedId: number): void {
  const st = exec.state;
  const workflowType = a.workflowType?.name || st.workflowType;
  const taskQueue = a.taskQueue?.name || st.taskQueue;
  const runTimeoutMs = durationMs(a.workflowRunTimeout) ?? st.runTimeoutMs;
  const taskTimeoutMs = durationMs(a.workflowTaskTimeout) ?? st.workflowTaskTimeoutMs;
  const memo = a.memo ?? st.memo;
  const searchAttributes = a.searchAttributes ?? st.searchAttributes;
  // The new run is created first so the close event can name it.
  const next = engine.createExecution({
    namespace: st.namespace, workflowId: st.workflowId, workflowType, taskQueue, input: a.input, header: a.header,
    memo, searchAttributes, runTimeoutMs, executionTimeoutMs: st.executionTimeoutMs, executionExpiration: st.executionExpiration,
    taskTimeoutMs, retryPolicy: a.retryPolicy, parent: st.parent, root: st.root, firstRunId: st.firstRunId,
    continuedFrom: { runId: st.runId, initiator: a.initiator, failure: a.failure, lastCompletionResult: a.lastCompletionResult },
  });
  // Children of this run now belong to nobody; the parent (if any) follows the chain through `parent`.
  engine.close(exec, ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    workflowExecutionContinuedAsNewEventAttributes: {
      newExecutionRunId: next.state.runId, workflowType: { name: workflowType }, taskQueue: { name: taskQueue, kind: 1 },
      input: a.input, workflowRunTimeout: runTimeoutMs ? msToDuration(runTimeoutMs) : undefined,
      workflowTaskTimeout: msToDuration(taskTimeoutMs), workflowTaskCompletedEventId: completedId,
      backoffStartInterval: a.backoffStartInterval, initiator: a.initiator, failure: a.failure,
      lastCompletionResult: a.lastCompletionResult, header: a.header, memo: a.memo, searchAttributes: a.searchAttributes,
    },
  });
  followedBy(engine, exec, next);
}

/** The parent of a continued run now waits for the new run. */
function followedBy(engine: Engine, exec: Execution, next: Execution): void {
  const parentInfo = exec.state.parent;
  if (!parentInfo) return;
  const parent = engine.executions.get(parentInfo.runId);
  const record = parent?.state.children[parentInfo.initiatedEventId];
  if (record && parent) {
    record.runId = next.state.runId;
    engine.touch(parent);
  }
}

/** FailWorkflowExecution: with a retry policy that allows it, a new run (attempt + 1) follows after the backoff. */
function failOrRetry(engine: Engine, exec: Execution, failure: IFailure | null | undefined, completedId: number): void {
  const st = exec.state;
  const verdict: RetryVerdict = st.retryPolicy
    ? retryVerdict(st.retryPolicy, st.attempt, failure, engine.clock.now(), st.executionExpiration)
    : { stop: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET };
  if ('stop' in verdict) {
    engine.close(exec, ExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
      workflowExecutionFailedEventAttributes: { failure, retryState: verdict.stop, workflowTaskCompletedEventId: completedId },
    });
    return;
  }
  const started = exec.event(0).workflowExecutionStartedEventAttributes;
  const next = engine.createExecution({
    namespace: st.namespace, workflowId: st.workflowId, workflowType: st.workflowType, taskQueue: st.taskQueue,
    input: started?.input, header: started?.header, memo: st.memo, searchAttributes: st.searchAttributes,
    runTimeoutMs: st.runTimeoutMs, executionTimeoutMs: st.executionTimeoutMs, executionExpiration: st.executionExpiration,
    taskTimeoutMs: st.workflowTaskTimeoutMs, retryPolicy: st.retryPolicy, parent: st.parent, root: st.root, firstRunId: st.firstRunId,
    attempt: st.attempt + 1, firstTaskDelayMs: verdict.delay,
    continuedFrom: { runId: st.runId, initiator: temporal.api.enums.v1.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY, failure },
  });
  engine.close(exec, ExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    workflowExecutionFailedEventAttributes: { failure, retryState: RetryState.RETRY_STATE_IN_PROGRESS, workflowTaskCompletedEventId: completedId, newExecutionRunId: next.state.runId },
  }, { continued: true });
  followedBy(engine, exec, next);
}

function startChild(engine: Engine, exec: Execution, a: Plain<temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes>, completedId: number): void {
  const st = exec.state;
  const namespace = a.namespace || st.namespace;
  const taskQueue = a.taskQueue?.name || st.taskQueue;
  const ev = engine.append(exec, {
    eventType: EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
    startChildWorkflowExecutionInitiatedEventAttributes: {
      namespace, workflowId: a.workflowId, workflowType: a.workflowType, taskQueue: { name: taskQueue, kind: 1 }, input: a.input,
      workflowExecutionTimeout: a.workflowExecutionTimeout, workflowRunTimeout: a.workflowRunTimeout, workflowTaskTimeout: a.workflowTaskTimeout,
      parentClosePolicy: a.parentClosePolicy, control: a.control, workflowTaskCompletedEventId: completedId,
      workflowIdReusePolicy: a.workflowIdReusePolicy, retryPolicy: a.retryPolicy, cronSchedule: a.cronSchedule, header: a.header,
      memo: a.memo, searchAttributes: a.searchAttributes,
    },
  });
  const initiatedEventId = Number(ev.eventId);
  const workflowId = a.workflowId ?? '';
  const workflowType = a.workflowType?.name ?? '';
  st.children[initiatedEventId] = { initiatedEventId, namespace, workflowId, workflowType, parentClosePolicy: a.parentClosePolicy || 1 };
  exec.deferred.push(() => {
    const existing = engine.tryFind(namespace, workflowId);
    const reuse = a.workflowIdReusePolicy ?? 0;
    const blocked = existing?.open || (existing && (reuse === 3 || (reuse === 2 && existing.state.status === ExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)));
    if (blocked) {
      delete st.children[initiatedEventId];
      engine.deliver(exec, {
        eventType: EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
        startChildWorkflowExecutionFailedEventAttributes: {
          namespace, workflowId, workflowType: { name: workflowType }, cause: temporal.api.enums.v1.StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS,
          control: a.control, initiatedEventId, workflowTaskCompletedEventId: completedId,
        },
      });
      return;
    }
    const execTimeout = durationMs(a.workflowExecutionTimeout);
    const child = engine.createExecution({
      namespace, workflowId, workflowType, taskQueue, input: a.input, header: a.header, memo: a.memo, searchAttributes: a.searchAttributes,
      runTimeoutMs: durationMs(a.workflowRunTimeout), executionTimeoutMs: execTimeout,
      executionExpiration: execTimeout ? engine.clock.now() + execTimeout : undefined, taskTimeoutMs: durationMs(a.workflowTaskTimeout),
      retryPolicy: a.retryPolicy, parent: { namespace: st.namespace, workflowId: st.workflowId, runId: st.runId, initiatedEventId },
      root: st.root ?? { workflowId: st.workflowId, runId: st.runId },
    });
    const started: NewEvent = {
      eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
      childWorkflowExecutionStartedEventAttributes: {
        namespace, initiatedEventId, workflowExecution: { workflowId, runId: child.state.runId }, workflowType: { name: workflowType }, header: a.header,
      },
    };
    const record = st.children[initiatedEventId];
    record.runId = child.state.runId;
    // Numbered now unless the parent is running a new task (then its id is assigned on flush; a
    // child cannot close before the parent sees it start, because the child needs tasks too).
    engine.deliver(exec, started);
    const last = exec.events.length > 0 ? exec.event(exec.events.length - 1) : undefined;
    record.startedEventId = last?.eventType === EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED ? Number(last.eventId) : undefined;
  });
}

function signalExternal(engine: Engine, exec: Execution, a: Plain<temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes>, completedId: number): void {
  const st = exec.state;
  const namespace = a.namespace || st.namespace;
  const target = { workflowId: a.execution?.workflowId ?? '', runId: a.execution?.runId ?? '' };
  const ev = engine.append(exec, {
    eventType: EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
    signalExternalWorkflowExecutionInitiatedEventAttributes: {
      workflowTaskCompletedEventId: completedId, namespace, workflowExecution: target, signalName: a.signalName, input: a.input,
      control: a.control, childWorkflowOnly: a.childWorkflowOnly, header: a.header,
    },
  });
  const initiatedEventId = Number(ev.eventId);
  exec.deferred.push(() => {
    const t = engine.tryFind(namespace, target.workflowId, target.runId || undefined);
    if (!t?.open) {
      engine.deliver(exec, {
        eventType: EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
        signalExternalWorkflowExecutionFailedEventAttributes: {
          cause: temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
          workflowTaskCompletedEventId: completedId, namespace, workflowExecution: target, initiatedEventId, control: a.control,
        },
      });
      return;
    }
    engine.signal(t, a.signalName ?? '', a.input, a.header, '', { workflowId: st.workflowId, runId: st.runId });
    engine.deliver(exec, {
      eventType: EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
      externalWorkflowExecutionSignaledEventAttributes: { initiatedEventId, namespace, workflowExecution: { workflowId: t.state.workflowId, runId: t.state.runId }, control: a.control },
    });
  });
}

function cancelExternal(engine: Engine, exec: Execution, a: Plain<temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes>, completedId: number): void {
  const st = exec.state;
  const namespace = a.namespace || st.namespace;
  const target = { workflowId: a.workflowId ?? '', runId: a.runId ?? '' };
  const ev = engine.append(exec, {
    eventType: EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
    requestCancelExternalWorkflowExecutionInitiatedEventAttributes: {
      workflowTaskCompletedEventId: completedId, namespace, workflowExecution: target, control: a.control, childWorkflowOnly: a.childWorkflowOnly, reason: a.reason,
    },
  });
  const initiatedEventId = Number(ev.eventId);
  exec.deferred.push(() => {
    const t = engine.tryFind(namespace, target.workflowId, target.runId || undefined);
    if (!t?.open) {
      engine.deliver(exec, {
        eventType: EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
        requestCancelExternalWorkflowExecutionFailedEventAttributes: {
          cause: temporal.api.enums.v1.CancelExternalWorkflowExecutionFailedCause.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
          workflowTaskCompletedEventId: completedId, namespace, workflowExecution: target, initiatedEventId, control: a.control,
        },
      });
      return;
    }
    engine.requestCancel(t, a.reason ?? '', '', { workflowId: st.workflowId, runId: st.runId, initiatedEventId });
    engine.deliver(exec, {
      eventType: EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
      externalWorkflowExecutionCancelRequestedEventAttributes: { initiatedEventId, namespace, workflowExecution: { workflowId: t.state.workflowId, runId: t.state.runId } },
    });
  });
}

export type { IFailure };
