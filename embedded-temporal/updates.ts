/**
 * Workflow updates. An update is admitted into the run's state, travels to the worker as a
 * protocol message in the next workflow task, and comes back as Acceptance/Rejection/Response
 * messages. Acceptance and Response become WorkflowExecutionUpdateAccepted/Completed events;
 * a rejection leaves no trace in history. Callers wait for the stage their wait policy names.
 *
 * A run that closes does not erase what its updates reached, as in Temporal: a completed update's
 * outcome is still answered (to polls and to a re-sent request with the same id — the SDK re-sends
 * whenever a long poll ends before acceptance), an accepted one that never completed ends with the
 * AcceptedUpdateCompletedWorkflow failure, and only one never accepted hears "already completed".
 */
import { randomUUID } from 'node:crypto';
import { EventType, packAny, temporal, unpackAny, type Plain } from './proto';
import type { Execution } from './execution';
import type { Engine } from './engine';
import type { UpdateState } from './state';
import { NotFoundError } from './errors';
import type { CallContext } from './grpc-plumbing';

type Message = Plain<temporal.api.protocol.v1.IMessage>;
type Outcome = Plain<temporal.api.update.v1.IOutcome>;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
const LONG_POLL_MS = 20_000;
const CLOSED_RUN = 'workflow execution already completed';

/** Temporal's outcome for an update the workflow accepted but finished without completing. */
const acceptedThenClosed: Outcome = {
  failure: {
    message: 'Workflow Update failed because the Workflow completed before the Update completed.',
    source: 'Server',
    applicationFailureInfo: { type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true },
  },
};

const stageNumber: Record<UpdateState['stage'], number> = {
  admitted: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
  sent: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
  accepted: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
  completed: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
};

/** Protocol messages for the updates a dispatched workflow task carries. */
export function updateMessagesForTask(exec: Execution, startedEventId: number): Message[] {
  const out: Message[] = [];
  for (const u of Object.values(exec.state.updates)) {
    if (u.stage !== 'admitted') continue;
    u.stage = 'sent';
    out.push({
      id: `${u.updateId}/request`,
      protocolInstanceId: u.updateId,
      eventId: startedEventId - 1,
      body: packAny('temporal.api.update.v1.Request', u.request),
    });
  }
  return out;
}

export function processUpdateMessage(engine: Engine, exec: Execution, m: Message, completedId: number): void {
  const u = exec.state.updates[m.protocolInstanceId ?? ''];
  if (!u) return;
  const { typeName, value } = unpackAny<Record<string, unknown>>(m.body);
  // nothing is appended after a run's close event; its unfinished updates are answered as closed
  if (!exec.open && typeName !== 'temporal.api.update.v1.Rejection') return;
  engine.touch(exec);
  if (typeName === 'temporal.api.update.v1.Acceptance') {
    const a = value as Plain<temporal.api.update.v1.IAcceptance>;
    const ev = engine.append(exec, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      workflowExecutionUpdateAcceptedEventAttributes: {
        protocolInstanceId: u.updateId, acceptedRequestMessageId: a.acceptedRequestMessageId,
        acceptedRequestSequencingEventId: a.acceptedRequestSequencingEventId, acceptedRequest: a.acceptedRequest ?? u.request,
      },
    });
    u.stage = 'accepted';
    u.acceptedEventId = Number(ev.eventId);
  } else if (typeName === 'temporal.api.update.v1.Response') {
    const r = value as Plain<temporal.api.update.v1.IResponse>;
    engine.append(exec, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
      workflowExecutionUpdateCompletedEventAttributes: { meta: r.meta ?? { updateId: u.updateId }, acceptedEventId: u.acceptedEventId ?? 0, outcome: r.outcome },
    });
    u.stage = 'completed';
    u.outcome = r.outcome ?? undefined;
    forgetOldCompleted(exec);
  } else if (typeName === 'temporal.api.update.v1.Rejection') {
    const r = value as Plain<temporal.api.update.v1.IRejection>;
    u.stage = 'completed';
    u.outcome = { failure: r.failure };
    forgetOldCompleted(exec);
  }
  void completedId;
}

/**
 * Completed updates stay in the run's state (for polls and duplicate requests) only up to a bound,
 * so a long-lived run's state — rewritten on every change — does not grow with every update; older
 * accepted-and-completed ones are found again in history (WorkflowExecutionUpdateCompleted).
 */
const KEEP_COMPLETED = 50;
function forgetOldCompleted(exec: Execution): void {
  // Rejections are not in history: once forgotten, a re-sent rejected id is validated again.
  const completed = Object.values(exec.state.updates).filter((u) => u.stage === 'completed');
  for (const u of completed.slice(0, Math.max(0, completed.length - KEEP_COMPLETED))) delete exec.state.updates[u.updateId];
}

/** A completed update no longer kept in state, rebuilt from its history events. */
function completedFromHistory(exec: Execution, updateId: string): UpdateState | undefined {
  for (let i = exec.events.length - 1; i >= 0; i--) {
    const done = exec.event(i).workflowExecutionUpdateCompletedEventAttributes;
    if (done?.meta?.updateId === updateId) {
      const acceptedIndex = Number(done.acceptedEventId) - 1; // event ids are 1-based and contiguous
      const accepted = acceptedIndex >= 0 && acceptedIndex < exec.events.length ? exec.event(acceptedIndex).workflowExecutionUpdateAcceptedEventAttributes : undefined;
      return { updateId, request: accepted?.acceptedRequest ?? {}, stage: 'completed', acceptedEventId: Number(done.acceptedEventId), outcome: done.outcome ?? undefined };
    }
  }
  return undefined;
}

function lookup(exec: Execution, updateId: string): UpdateState | undefined {
  return exec.state.updates[updateId] ?? completedFromHistory(exec, updateId);
}

interface Waiter { runId: string; updateId: string; want: number; resolve: () => void }

export class Updates {
  private waiters = new Map<string, Set<Waiter>>();

  constructor(private engine: Engine) {
    engine.observers.push((exec) => this.wake(exec));
    engine.taskEndHooks.push((exec, completed) => {
      if (completed) return;
      for (const u of Object.values(exec.state.updates)) if (u.stage === 'sent') u.stage = 'admitted';
    });
  }

  async update(req: Plain<temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest>, ctx: CallContext): Promise<Plain<temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse>> {
    const ns = this.engine.namespace(req.namespace);
    const exec = this.engine.find(ns, req.workflowExecution?.workflowId ?? '', req.workflowExecution?.runId);
    const updateId = req.request?.meta?.updateId || randomUUID();
    if (!lookup(exec, updateId)) {
      if (!exec.open) throw new NotFoundError(CLOSED_RUN);
      this.engine.mutate(() => {
        const request = { ...req.request, meta: { ...req.request?.meta, updateId } };
        exec.state.updates[updateId] = { updateId, request, stage: 'admitted' };
        this.engine.touch(exec);
        this.engine.scheduleWorkflowTask(exec);
      });
    }
    const want = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
    return this.respond(exec, updateId, want, ctx);
  }

  async poll(req: Plain<temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateRequest>, ctx: CallContext): Promise<Plain<temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateResponse>> {
    const ns = this.engine.namespace(req.namespace);
    const ref = req.updateRef;
    const exec = this.engine.find(ns, ref?.workflowExecution?.workflowId ?? '', ref?.workflowExecution?.runId);
    const updateId = ref?.updateId ?? '';
    if (!lookup(exec, updateId)) throw new NotFoundError(`update ${updateId} not found`);
    const want = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
    return this.respond(exec, updateId, want, ctx);
  }

  private async respond(exec: Execution, updateId: string, want: number, ctx: CallContext) {
    const runId = exec.state.runId;
    await this.waitFor(exec, updateId, want, ctx);
    const current = this.engine.executions.get(runId) ?? this.engine.byRunId(runId) ?? exec;
    const u = lookup(current, updateId);
    if (!u) throw new NotFoundError(`update ${updateId} not found`);
    const updateRef = { workflowExecution: { workflowId: current.state.workflowId, runId }, updateId };
    if (stageNumber[u.stage] < want && !current.open) {
      if (u.stage !== 'accepted') throw new NotFoundError(CLOSED_RUN);
      return { updateRef, outcome: acceptedThenClosed, stage: stageNumber.completed };
    }
    const outcome: Outcome | undefined = u.stage === 'completed' ? u.outcome : undefined;
    return { updateRef, outcome, stage: stageNumber[u.stage] };
  }

  private waitFor(exec: Execution, updateId: string, want: number, ctx: CallContext): Promise<void> {
    const reached = () => {
      const cur = this.engine.executions.get(exec.state.runId) ?? exec;
      const u = lookup(cur, updateId);
      return !u || stageNumber[u.stage] >= want || !cur.open;
    };
    if (reached()) return Promise.resolve();
    return new Promise((resolve) => {
      const key = exec.state.runId;
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      const w: Waiter = { runId: key, updateId, want, resolve: () => done() };
      const timer = setTimeout(() => done(), LONG_POLL_MS);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        const waiting = this.waiters.get(key);
        waiting?.delete(w);
        if (waiting?.size === 0) this.waiters.delete(key);
        resolve();
      };
      w.resolve = () => (reached() ? done() : undefined);
      set.add(w);
      ctx.onCancel(done);
    });
  }

  private wake(exec: Execution): void {
    const set = this.waiters.get(exec.state.runId);
    if (!set) return;
    for (const w of [...set]) w.resolve();
  }
}
