/**
 * The RPCs of temporal.api.workflowservice.v1.WorkflowService this service implements, as plain
 * handlers over the engine. Anything not listed here answers UNIMPLEMENTED (see grpc-plumbing).
 */
import { randomUUID } from 'node:crypto';
import * as v8 from 'node:v8';
import {
  EventType, PRE_ENCODED_HISTORY, encodeEvent, msToDuration, msToTimestamp, temporal, type IHistoryEvent, type Plain, type PreEncodedHistory,
} from './proto';
import type { CallContext, UnaryHandler } from './grpc-plumbing';
import { decodeToken, encodeToken, queueKey, type Engine, type NewEvent } from './engine';
import type { Execution } from './execution';
import { completeWorkflowTask } from './commands';
import { servesSticky, stickAfterCompletion, stickyQueuePolled, unstick, unstickQueue } from './sticky';
import {
  activityById, activityForToken, cancelActivity, completeActivity, dispatchActivity, failActivity, heartbeatActivity,
} from './activities';
import { updateMessagesForTask, type Updates } from './updates';
import type { Queries } from './queries';
import type { Visibility } from './visibility';
import { InvalidArgumentError, NotFoundError, ServiceError } from './errors';

type WS = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof WS> = WS[K] extends { prototype: infer P } ? Plain<P> : never;
type PollWftResponse = Plain<temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse>;

/** Polls answer empty before Core's 70 s client deadline. */
export const POLL_TIMEOUT_MS = 60_000;
const HISTORY_LONG_POLL_MS = 20_000;
const HISTORY_PAGE_SIZE = 1000;
/** The server's default thresholds for suggesting continue-as-new. */
export const DEFAULT_HISTORY_LIMITS = { suggestContinueAsNewEvents: 4096, suggestContinueAsNewBytes: 4 * 1024 * 1024 };
const CLOSE_EVENT = temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;

export interface ServiceDeps {
  engine: Engine;
  updates: Updates;
  queries: Queries;
  visibility: Visibility;
  /** True once close() began: polls return at once. */
  closing: () => boolean;
  historyLimits?: Partial<typeof DEFAULT_HISTORY_LIMITS>;
  /** How long an empty task poll waits (default POLL_TIMEOUT_MS). */
  pollTimeoutMs?: number;
}

const STICKY = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;

export function workflowServiceHandlers(deps: ServiceDeps): Record<string, UnaryHandler> {
  const { engine, updates, queries, visibility } = deps;
  const limits = { ...DEFAULT_HISTORY_LIMITS, ...deps.historyLimits };
  const ns = (n: string | null | undefined) => engine.namespace(n);

  const dispatchWorkflowTask = (exec: Execution, identity: string, stickyQueue?: string): PollWftResponse | undefined => {
    exec.wftQueued = false;
    const st = exec.state;
    const wft = st.wft;
    if (!exec.open || !wft || wft.started) return undefined;
    const now = engine.clock.now();
    const startedEventId = st.nextEventId;
    const nonce = ++st.nonceSeq;
    const requestId = randomUUID();
    const encoded = exec.encodedRange();
    const historySizeBytes = encoded.reduce((sum, e) => sum + e.length, 0);
    // a sticky worker holds the run in its cache: it gets the events since its last completed task
    const sent = stickyQueue && st.lastCompletedStartedEventId > 0 ? encoded.slice(st.lastCompletedStartedEventId) : encoded;
    // As the server does: tell the workflow (workflowInfo().continueAsNewSuggested) when its history grows large.
    const reasons: number[] = [];
    if (startedEventId >= limits.suggestContinueAsNewEvents) reasons.push(temporal.api.enums.v1.SuggestContinueAsNewReason.SUGGEST_CONTINUE_AS_NEW_REASON_TOO_MANY_HISTORY_EVENTS);
    if (historySizeBytes >= limits.suggestContinueAsNewBytes) reasons.push(temporal.api.enums.v1.SuggestContinueAsNewReason.SUGGEST_CONTINUE_AS_NEW_REASON_HISTORY_SIZE_TOO_LARGE);
    wft.started = {
      startedEventId, startedTime: now, nonce, identity, requestId,
      historySizeBytes, suggestContinueAsNew: reasons.length > 0, suggestContinueAsNewReasons: reasons,
    };
    const startedEvent: IHistoryEvent = {
      eventId: startedEventId, eventTime: msToTimestamp(now), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      workflowTaskStartedEventAttributes: {
        scheduledEventId: wft.scheduledEventId, identity, requestId, historySizeBytes,
        suggestContinueAsNew: reasons.length > 0, suggestContinueAsNewReasons: reasons,
      },
    };
    const messages = updateMessagesForTask(exec, startedEventId);
    const attachedQueries = queries.attachToTask(exec);
    engine.reconcile(exec); // arms the task timeout
    return withHistory({
      taskToken: encodeToken({ k: 'w', r: st.runId, s: wft.scheduledEventId, n: nonce }),
      workflowExecution: { workflowId: st.workflowId, runId: st.runId },
      workflowType: { name: st.workflowType },
      previousStartedEventId: st.lastCompletedStartedEventId,
      startedEventId,
      attempt: wft.attempt,
      history: undefined,
      workflowExecutionTaskQueue: { name: st.taskQueue, kind: 1 },
      scheduledTime: msToTimestamp(wft.scheduledTime),
      startedTime: msToTimestamp(now),
      queries: attachedQueries,
      messages,
    }, [...sent, encodeEvent(startedEvent)]);
  };

  const dispatchLegacyQuery = (queryId: number): PollWftResponse | undefined => {
    const q = queries.legacyQuery(queryId);
    if (!q) return undefined;
    const exec = engine.byRunId(q.runId);
    if (!exec) return undefined;
    if (exec.open && exec.state.wft) {
      queries.requeue(q, exec); // it will ride the pending workflow task instead
      return undefined;
    }
    const st = exec.state;
    return withHistory({
      taskToken: encodeToken({ k: 'q', r: st.runId, q: queryId }),
      workflowExecution: { workflowId: st.workflowId, runId: st.runId },
      workflowType: { name: st.workflowType },
      previousStartedEventId: st.lastCompletedStartedEventId,
      startedEventId: st.lastCompletedStartedEventId,
      attempt: 1,
      query: q.query,
      workflowExecutionTaskQueue: { name: st.taskQueue, kind: 1 },
    }, exec.encodedRange());
  };

  const runningWorkflowTask = (token: Uint8Array | null | undefined): Execution => {
    const t = decodeToken(token);
    const exec = engine.executions.get(t.r);
    if (!exec?.open || exec.state.wft?.started?.nonce !== t.n) throw new NotFoundError('Workflow task not found.');
    return exec;
  };

  const pollTimeoutMs = deps.pollTimeoutMs ?? POLL_TIMEOUT_MS;
  const pollDeadline = () => Date.now() + pollTimeoutMs;

  /** One long poll of a workflow task queue (normal or sticky): the next task that is still runnable. */
  const pollWorkflowTask = async (key: string, identity: string, ctx: CallContext): Promise<PollWftResponse | Record<string, never>> => {
    const until = pollDeadline();
    while (!deps.closing() && !ctx.cancelled()) {
      const ref = await engine.workflowQueues.wait(key, Math.max(0, until - Date.now()), ctx.onCancel);
      if (!ref) return {};
      if (ctx.cancelled()) {
        engine.workflowQueues.add(key, ref);
        return {};
      }
      let resp: PollWftResponse | undefined;
      if (ref.kind === 'query') {
        resp = dispatchLegacyQuery(ref.queryId!);
      } else {
        const exec = engine.executions.get(ref.runId);
        // a sticky reference is stale once the run fell back to the normal queue (sticky.ts)
        const stale = !exec || (ref.stickyQueue !== undefined && !servesSticky(exec, ref.stickyQueue));
        resp = stale ? undefined : dispatchWorkflowTask(exec, identity, ref.stickyQueue);
      }
      if (resp) return resp;
    }
    return {};
  };

  const handlers: Record<string, UnaryHandler> = {
    GetSystemInfo: () => ({
      serverVersion: '1.24.0-gridflow-embedded',
      capabilities: {
        signalAndQueryHeader: true, internalErrorDifferentiation: true, activityFailureIncludeHeartbeat: true,
        supportsSchedules: true, encodedFailureAttributes: true, buildIdBasedVersioning: false, upsertMemo: true,
        eagerWorkflowStart: false, sdkMetadata: true, countGroupByExecutionStatus: false, nexus: false,
      },
    }),

    DescribeNamespace: (req: Req<'DescribeNamespaceRequest'>) => {
      const name = ns(req.namespace);
      return {
        namespaceInfo: { name, state: temporal.api.enums.v1.NamespaceState.NAMESPACE_STATE_REGISTERED, id: `embedded-${name}`, description: 'gridflow embedded namespace' },
        config: { workflowExecutionRetentionTtl: msToDuration(30 * 24 * 3600_000) },
      };
    },

    ShutdownWorker: (req: Req<'ShutdownWorkerRequest'>) => {
      if (req.stickyTaskQueue) unstickQueue(engine, ns(req.namespace), req.stickyTaskQueue);
      return {};
    },

    ResetStickyTaskQueue: (req: Req<'ResetStickyTaskQueueRequest'>) => {
      const exec = engine.tryFind(ns(req.namespace), req.execution?.workflowId ?? '', req.execution?.runId);
      if (exec) unstick(engine, exec);
      return {};
    },

    PollWorkflowTaskQueue: async (req: Req<'PollWorkflowTaskQueueRequest'>, ctx) => {
      const key = queueKey(ns(req.namespace), req.taskQueue?.name ?? '');
      if (req.taskQueue?.kind === STICKY) {
        // the worker behind a sticky queue is alive while it polls (sticky.ts)
        stickyQueuePolled(engine, ns(req.namespace), req.taskQueue.name ?? '');
        try {
          return await pollWorkflowTask(key, req.identity ?? '', ctx);
        } finally {
          stickyQueuePolled(engine, ns(req.namespace), req.taskQueue.name ?? '');
        }
      }
      return pollWorkflowTask(key, req.identity ?? '', ctx);
    },

    RespondWorkflowTaskCompleted: (req: Req<'RespondWorkflowTaskCompletedRequest'>) => {
      const exec = runningWorkflowTask(req.taskToken);
      for (const [id, result] of Object.entries(req.queryResults ?? {})) queries.answer(Number(id), result);
      // All or nothing: if applying the commands fails half-way, none of them stays in history.
      const before = { state: v8.deserialize(v8.serialize(exec.state)) as typeof exec.state, events: exec.events.length };
      stickAfterCompletion(engine, exec, req.stickyAttributes);
      try {
        engine.mutate(() => completeWorkflowTask(engine, exec, req));
      } catch (err) {
        if (err instanceof ServiceError) throw err;
        engine.log(`could not apply a workflow task completion of ${exec.state.workflowId}: ${err instanceof Error ? err.stack : String(err)}`);
        Object.assign(exec, { state: before.state, completing: false, needsWft: false, deferred: [] });
        exec.events.length = before.events;
        const attempt = exec.state.wft?.attempt ?? 1;
        engine.mutate(() => engine.failWorkflowTask(exec, 0, { message: `the service could not apply this workflow task's commands: ${err instanceof Error ? err.message : String(err)}` }, req.identity ?? '', attempt + 1));
        throw new InvalidArgumentError(`workflow task completion refused: ${err instanceof Error ? err.message : String(err)}`);
      }
      return {};
    },

    RespondWorkflowTaskFailed: (req: Req<'RespondWorkflowTaskFailedRequest'>) => {
      const exec = runningWorkflowTask(req.taskToken);
      const attempt = exec.state.wft!.attempt;
      engine.mutate(() => engine.failWorkflowTask(exec, req.cause ?? 0, req.failure, req.identity ?? '', attempt + 1));
      return {};
    },

    RespondQueryTaskCompleted: (req: Req<'RespondQueryTaskCompletedRequest'>) => {
      const t = decodeToken(req.taskToken);
      queries.answer(t.q ?? -1, { resultType: req.completedType, answer: req.queryResult, errorMessage: req.errorMessage, failure: req.failure });
      return {};
    },

    PollActivityTaskQueue: async (req: Req<'PollActivityTaskQueueRequest'>, ctx) => {
      const key = queueKey(ns(req.namespace), req.taskQueue?.name ?? '');
      const until = pollDeadline();
      while (!deps.closing() && !ctx.cancelled()) {
        const ref = await engine.activityQueues.wait(key, Math.max(0, until - Date.now()), ctx.onCancel);
        if (!ref) return {};
        if (ctx.cancelled()) {
          engine.activityQueues.add(key, ref);
          return {};
        }
        const exec = engine.executions.get(ref.runId);
        if (!exec?.open) continue;
        exec.queuedActivities.delete(ref.scheduledEventId);
        const a = exec.state.activities[ref.scheduledEventId];
        if (!a || a.state !== 'scheduled' || a.attempt !== ref.attempt) continue;
        const resp = dispatchActivity(engine, exec, a, req.identity ?? '', randomUUID());
        engine.reconcile(exec); // arms start-to-close / heartbeat deadlines
        return resp;
      }
      return {};
    },

    RespondActivityTaskCompleted: (req: Req<'RespondActivityTaskCompletedRequest'>) => {
      const { exec, a } = activityForToken(engine, decodeToken(req.taskToken));
      completeActivity(engine, exec, a, req.result, req.identity ?? '');
      return {};
    },
    RespondActivityTaskCompletedById: (req: Req<'RespondActivityTaskCompletedByIdRequest'>) => {
      const { exec, a } = activityById(engine, ns(req.namespace), req.workflowId ?? '', req.runId, req.activityId ?? '');
      completeActivity(engine, exec, a, req.result, req.identity ?? '');
      return {};
    },
    RespondActivityTaskFailed: (req: Req<'RespondActivityTaskFailedRequest'>) => {
      const { exec, a } = activityForToken(engine, decodeToken(req.taskToken));
      failActivity(engine, exec, a, req.failure ?? { message: 'activity failed' }, req.lastHeartbeatDetails, req.identity ?? '');
      return {};
    },
    RespondActivityTaskFailedById: (req: Req<'RespondActivityTaskFailedByIdRequest'>) => {
      const { exec, a } = activityById(engine, ns(req.namespace), req.workflowId ?? '', req.runId, req.activityId ?? '');
      failActivity(engine, exec, a, req.failure ?? { message: 'activity failed' }, req.lastHeartbeatDetails, req.identity ?? '');
      return {};
    },
    RespondActivityTaskCanceled: (req: Req<'RespondActivityTaskCanceledRequest'>) => {
      const { exec, a } = activityForToken(engine, decodeToken(req.taskToken));
      cancelActivity(engine, exec, a, req.details, req.identity ?? '');
      return {};
    },
    RespondActivityTaskCanceledById: (req: Req<'RespondActivityTaskCanceledByIdRequest'>) => {
      const { exec, a } = activityById(engine, ns(req.namespace), req.workflowId ?? '', req.runId, req.activityId ?? '');
      cancelActivity(engine, exec, a, req.details, req.identity ?? '');
      return {};
    },
    RecordActivityTaskHeartbeat: (req: Req<'RecordActivityTaskHeartbeatRequest'>) => {
      const { exec, a } = activityForToken(engine, decodeToken(req.taskToken));
      return heartbeatActivity(engine, exec, a, req.details);
    },
    RecordActivityTaskHeartbeatById: (req: Req<'RecordActivityTaskHeartbeatByIdRequest'>) => {
      const { exec, a } = activityById(engine, ns(req.namespace), req.workflowId ?? '', req.runId, req.activityId ?? '');
      return heartbeatActivity(engine, exec, a, req.details);
    },

    StartWorkflowExecution: (req: Req<'StartWorkflowExecutionRequest'>) => {
      const { runId, started } = engine.startFromRequest({ ...req, namespace: ns(req.namespace) });
      return { runId, started, status: temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING };
    },

    SignalWithStartWorkflowExecution: (req: Req<'SignalWithStartWorkflowExecutionRequest'>) => {
      const signal: NewEvent = {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        workflowExecutionSignaledEventAttributes: { signalName: req.signalName, input: req.signalInput, header: req.header, identity: req.identity ?? '' },
      };
      const { runId, started } = engine.startFromRequest({ ...req, namespace: ns(req.namespace), workflowIdConflictPolicy: req.workflowIdConflictPolicy || 2 }, [signal],
        (exec) => engine.signal(exec, req.signalName ?? '', req.signalInput, req.header, req.identity ?? ''));
      return { runId, started };
    },

    SignalWorkflowExecution: (req: Req<'SignalWorkflowExecutionRequest'>) => {
      const exec = engine.findOpen(ns(req.namespace), req.workflowExecution?.workflowId ?? '', req.workflowExecution?.runId);
      engine.signal(exec, req.signalName ?? '', req.input, req.header, req.identity ?? '');
      return {};
    },

    RequestCancelWorkflowExecution: (req: Req<'RequestCancelWorkflowExecutionRequest'>) => {
      const exec = engine.findOpen(ns(req.namespace), req.workflowExecution?.workflowId ?? '', req.workflowExecution?.runId);
      engine.requestCancel(exec, req.reason ?? '', req.identity ?? '');
      return {};
    },

    TerminateWorkflowExecution: (req: Req<'TerminateWorkflowExecutionRequest'>) => {
      const exec = engine.findOpen(ns(req.namespace), req.workflowExecution?.workflowId ?? '', req.workflowExecution?.runId);
      engine.terminate(exec, req.reason ?? '', req.details, req.identity ?? '');
      return {};
    },

    QueryWorkflow: async (req: Req<'QueryWorkflowRequest'>, ctx) => {
      const exec = engine.find(ns(req.namespace), req.execution?.workflowId ?? '', req.execution?.runId);
      if (!req.query?.queryType) throw new InvalidArgumentError('query type is required');
      const queryResult = await queries.query(exec, req.query, ctx);
      return { queryResult };
    },

    UpdateWorkflowExecution: (req: Req<'UpdateWorkflowExecutionRequest'>, ctx) => updates.update(req, ctx),
    PollWorkflowExecutionUpdate: (req: Req<'PollWorkflowExecutionUpdateRequest'>, ctx) => updates.poll(req, ctx),

    DescribeWorkflowExecution: (req: Req<'DescribeWorkflowExecutionRequest'>) => {
      const exec = engine.find(ns(req.namespace), req.execution?.workflowId ?? '', req.execution?.runId);
      return describe(exec);
    },

    GetWorkflowExecutionHistory: async (req: Req<'GetWorkflowExecutionHistoryRequest'>, ctx) => {
      const namespace = ns(req.namespace);
      const workflowId = req.execution?.workflowId ?? '';
      let exec = engine.find(namespace, workflowId, req.execution?.runId);
      const runId = exec.state.runId;
      const until = Date.now() + HISTORY_LONG_POLL_MS;
      if (req.historyEventFilterType === CLOSE_EVENT) {
        while (req.waitNewEvent && exec.open && Date.now() < until && !ctx.cancelled()) {
          await engine.waitHistory(runId, until - Date.now(), ctx.onCancel);
          exec = engine.byRunId(runId) ?? exec;
        }
        if (exec.open) return { history: { events: [] }, nextPageToken: Buffer.from('{}') };
        return withHistory({}, exec.encodedRange(exec.events.length - 1));
      }
      const from = req.nextPageToken && req.nextPageToken.length > 0 ? (JSON.parse(Buffer.from(req.nextPageToken).toString()) as { from: number }).from : 1;
      while (req.waitNewEvent && exec.open && exec.events.length < from && Date.now() < until && !ctx.cancelled()) {
        await engine.waitHistory(runId, until - Date.now(), ctx.onCancel);
        exec = engine.byRunId(runId) ?? exec;
      }
      const size = req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : HISTORY_PAGE_SIZE;
      const events = exec.encodedRange(from - 1, Math.min(exec.events.length, from - 1 + size));
      const next = from + events.length;
      const more = next <= exec.events.length || (req.waitNewEvent && exec.open);
      return withHistory({ nextPageToken: more ? Buffer.from(JSON.stringify({ from: next })) : undefined }, events);
    },

    ListWorkflowExecutions: (req: Req<'ListWorkflowExecutionsRequest'>) =>
      visibility.list(ns(req.namespace), req.query, req.pageSize ?? 0, req.nextPageToken),
    ScanWorkflowExecutions: (req: Req<'ScanWorkflowExecutionsRequest'>) =>
      visibility.list(ns(req.namespace), req.query, req.pageSize ?? 0, req.nextPageToken),
    ListOpenWorkflowExecutions: (req: Req<'ListOpenWorkflowExecutionsRequest'>) =>
      visibility.list(ns(req.namespace), 'ExecutionStatus = "Running"', req.maximumPageSize ?? 0, req.nextPageToken),
    ListClosedWorkflowExecutions: (req: Req<'ListClosedWorkflowExecutionsRequest'>) =>
      visibility.list(ns(req.namespace), 'ExecutionStatus != "Running"', req.maximumPageSize ?? 0, req.nextPageToken),
    CountWorkflowExecutions: (req: Req<'CountWorkflowExecutionsRequest'>) => visibility.count(ns(req.namespace), req.query),
  };
  return handlers;
}

/** Attaches the response's history as already-encoded events (see PRE_ENCODED_HISTORY). */
function withHistory<T extends object>(response: T, events: Uint8Array[]): T {
  const pre: PreEncodedHistory = { fieldName: 'history', events };
  return Object.assign(response, { [PRE_ENCODED_HISTORY]: pre });
}

function describe(exec: Execution): Plain<temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse> {
  const st = exec.state;
  const PAS = temporal.api.enums.v1.PendingActivityState;
  return {
    executionConfig: {
      taskQueue: { name: st.taskQueue, kind: 1 },
      workflowRunTimeout: st.runTimeoutMs ? msToDuration(st.runTimeoutMs) : undefined,
      workflowExecutionTimeout: st.executionTimeoutMs ? msToDuration(st.executionTimeoutMs) : undefined,
      defaultWorkflowTaskTimeout: msToDuration(st.workflowTaskTimeoutMs),
    },
    workflowExecutionInfo: {
      execution: { workflowId: st.workflowId, runId: st.runId },
      type: { name: st.workflowType },
      startTime: msToTimestamp(st.startTime),
      closeTime: st.closeTime ? msToTimestamp(st.closeTime) : undefined,
      executionTime: msToTimestamp(st.executionTime),
      status: st.status,
      historyLength: st.nextEventId - 1,
      memo: st.memo,
      searchAttributes: st.searchAttributes,
      taskQueue: st.taskQueue,
      parentExecution: st.parent ? { workflowId: st.parent.workflowId, runId: st.parent.runId } : undefined,
      parentNamespaceId: st.parent ? `embedded-${st.parent.namespace}` : undefined,
      rootExecution: st.root,
      firstRunId: st.firstRunId,
    },
    pendingActivities: Object.values(st.activities).map((a) => ({
      activityId: a.activityId,
      activityType: { name: a.activityType },
      state: a.cancelRequested ? PAS.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED : a.state === 'started' ? PAS.PENDING_ACTIVITY_STATE_STARTED : PAS.PENDING_ACTIVITY_STATE_SCHEDULED,
      heartbeatDetails: a.heartbeatDetails,
      lastHeartbeatTime: a.lastHeartbeatTime ? msToTimestamp(a.lastHeartbeatTime) : undefined,
      lastStartedTime: a.startedTime ? msToTimestamp(a.startedTime) : undefined,
      attempt: a.attempt,
      maximumAttempts: a.retryPolicy?.maximumAttempts ?? 0,
      scheduledTime: msToTimestamp(a.currentAttemptScheduledTime),
      expirationTime: a.scheduleToCloseMs ? msToTimestamp(a.scheduledTime + a.scheduleToCloseMs) : undefined,
      lastFailure: a.lastFailure,
      lastWorkerIdentity: a.identity,
    })),
    pendingChildren: Object.values(st.children).map((c) => ({
      workflowId: c.workflowId, runId: c.runId, workflowTypeName: c.workflowType, initiatedId: c.initiatedEventId, parentClosePolicy: c.parentClosePolicy,
    })),
    pendingWorkflowTask: st.wft ? {
      state: st.wft.started ? temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED : temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
      scheduledTime: msToTimestamp(st.wft.scheduledTime),
      startedTime: st.wft.started ? msToTimestamp(st.wft.started.startedTime) : undefined,
      attempt: st.wft.attempt,
    } : undefined,
  };
}
