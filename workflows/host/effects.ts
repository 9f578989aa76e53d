// Carries out the engine's effects with Temporal primitives: timers are sleeps in their own
// cancellation scopes, service tasks are activities called by name, call activities are child
// workflows, user tasks and incidents are engine activities. Results come back as engine events
// through `deliver`, in the deterministic order Temporal resolves them.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  sleep,
  startChild,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { EngineActivities, InstanceRef, NotificationKind } from '../../activities/contract';
import { BPMN_ERROR_TYPE, childEscalationSignal, type BpmnProcessInput, type BpmnProcessResult } from '../api';
import type { Effect, EngineEvent, Vars } from '../engine/types';

export const NOTIFY_ACTIVITY = 'gridflow.notify';

/** the kinds a diagram may give a gridflow.notify task; anything else is sent as a reminder */
const DRAWN_KINDS: ReadonlySet<string> = new Set(['reminder', 'escalation', 'veto', 'process-completed', 'task-assigned', 'incident']);

const engineActivities = proxyActivities<EngineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * The identities a gridflow.notify task names. A literal `gov:input target="recipients"` compiles to
 * one FEEL string ("official:police-head" or "a, b"): before the patch it was not a list and the
 * notice went to nobody. Anything that is not an identity string is passed on as text, so the
 * activity reports it to the admins instead of dropping it.
 */
function notifyRecipients(value: unknown): string[] {
  if (Array.isArray(value)) {
    const strings = value.filter((r): r is string => typeof r === 'string');
    if (strings.length === value.length || !patched('notify-literal-recipients')) return strings;
    return value.map((r) => (typeof r === 'string' ? r : JSON.stringify(r) ?? String(r)));
  }
  if (value === undefined || value === null || !patched('notify-literal-recipients')) return [];
  if (typeof value === 'string') return value.split(',').map((r) => r.trim()).filter((r) => r !== '');
  return [JSON.stringify(value) ?? String(value)];
}

type ServiceActivity = (input: Vars) => Promise<unknown>;
const serviceProxies = new Map<number, Record<string, ServiceActivity>>();
/** one proxy per retry count: gov:retries is the number of attempts */
function serviceProxy(retries: number | undefined): Record<string, ServiceActivity> {
  const attempts = Math.max(1, retries ?? 3);
  let p = serviceProxies.get(attempts);
  if (!p) {
    const options: ActivityOptions = {
      startToCloseTimeout: '5 minutes',
      retry: { initialInterval: '1 second', maximumAttempts: attempts, nonRetryableErrorTypes: [BPMN_ERROR_TYPE] },
    };
    p = proxyActivities<Record<string, ServiceActivity>>(options);
    serviceProxies.set(attempts, p);
  }
  return p;
}

/** errorCode of a BPMN error carried by an activity or child failure, if it is one */
export function bpmnErrorCode(err: unknown): string | undefined {
  let cause: unknown = err;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type === BPMN_ERROR_TYPE) {
    const d = cause.details?.[0] as { errorCode?: unknown } | undefined;
    return typeof d?.errorCode === 'string' ? d.errorCode : '';
  }
  return undefined;
}

function failureMessage(err: unknown): string {
  let cause: unknown = err;
  while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.cause) cause = cause.cause;
  return cause instanceof Error ? cause.message : String(cause);
}

export interface HostProblem {
  elementId: string;
  message: string;
}

/** The engine's key of the call activity that started a child, from the child's workflow id. */
export function childKeyOf(parentWorkflowId: string, childWorkflowId: string): string | undefined {
  const prefix = `${parentWorkflowId}/`;
  return childWorkflowId.startsWith(prefix) ? `child:${childWorkflowId.slice(prefix.length)}` : undefined;
}

export class EffectRunner {
  private scopes = new Map<string, CancellationScope>();
  /** per task key, so a close never overtakes its open */
  private taskOps = new Map<string, Promise<void>>();
  private inFlight = 0;
  readonly problems: HostProblem[] = [];

  constructor(
    private readonly ref: InstanceRef,
    private readonly deliver: (ev: EngineEvent) => void,
  ) {}

  /** nothing the runner started is still running (timers aside): safe to continue-as-new */
  idle(): boolean {
    return this.inFlight === 0;
  }

  run(effects: Effect[]): void {
    for (const e of effects) this.one(e);
  }

  private track(p: Promise<unknown>, what: string, elementId: string): void {
    this.inFlight++;
    p.then(
      () => this.inFlight--,
      (err) => {
        this.inFlight--;
        if (isCancellation(err)) return;
        log.warn(`${what} failed`, { error: failureMessage(err) });
        this.problems.push({ elementId, message: `${what} failed: ${failureMessage(err)}` });
      },
    );
  }

  private taskOp(key: string, elementId: string, what: string, op: () => Promise<unknown>, onFail?: (err: unknown) => void): void {
    const prev = this.taskOps.get(key) ?? Promise.resolve();
    const next = prev.then(op).then(() => undefined);
    this.taskOps.set(key, next.catch(() => undefined));
    if (!onFail) return this.track(next, what, elementId);
    this.inFlight++;
    next.then(
      () => this.inFlight--,
      (err) => {
        this.inFlight--;
        if (!isCancellation(err)) onFail(err);
      },
    );
  }

  /** Runs fn in its own cancellation scope under `key`; counted work keeps the runner busy until it settles. */
  private scoped(key: string, counted: boolean, fn: () => Promise<unknown>, onDone: (v: unknown) => void, onFail: (err: unknown) => void): void {
    this.scopes.get(key)?.cancel();
    const scope = new CancellationScope();
    this.scopes.set(key, scope);
    if (counted) this.inFlight++;
    scope
      .run(fn)
      .then(
        (v) => {
          if (this.scopes.get(key) !== scope) return;
          this.scopes.delete(key);
          onDone(v);
        },
        (err) => {
          if (this.scopes.get(key) !== scope) return;
          this.scopes.delete(key);
          if (isCancellation(err) && scope.consideredCancelled) return;
          onFail(err);
        },
      )
      .finally(() => {
        if (counted) this.inFlight--;
      });
  }

  private cancel(key: string): void {
    const s = this.scopes.get(key);
    if (!s) return;
    this.scopes.delete(key);
    s.cancel();
  }

  private one(e: Effect): void {
    switch (e.type) {
      case 'startTimer':
        this.scoped(
          e.key,
          false,
          // the summary (the engine's timer key) lets the audit timeline name the timer's element;
          // histories recorded before carry none
          () => sleep(Math.max(1, e.fireAt - Date.now()), patched('timer-summary') ? { summary: e.key } : undefined),
          () => this.deliver({ type: 'timerFired', key: e.key }),
          (err) => {
            throw err;
          },
        );
        return;
      case 'cancelTimer':
      case 'cancelActivity':
      case 'cancelChild':
        return this.cancel(e.key);
      case 'openTask':
        return this.taskOp(e.key, e.task.elementId, `opening task ${e.key}`, () =>
          engineActivities.openUserTask({
            ...this.ref,
            taskKey: e.task.taskKey,
            elementId: e.task.elementId,
            name: e.task.name,
            assignee: e.task.assignee,
            candidateGroups: e.task.candidateGroups,
            dueAt: e.task.dueAt,
            formFields: e.task.formFields,
            variables: e.variables,
          }),
          // no inbox row means nobody can act: make it an incident an admin can retry
          (err) => this.deliver({ type: 'taskOpenFailed', taskKey: e.key, message: failureMessage(err) }),
        );
      case 'closeTask':
        return this.taskOp(e.key, e.key.split('#')[0]!, `closing task ${e.key}`, () =>
          engineActivities.closeUserTask({
            workflowId: this.ref.workflowId,
            taskKey: e.key,
            outcome: e.outcome,
            completedBy: e.completedBy,
            reason: e.reason,
            variables: e.variables,
          }),
        );
      case 'incident':
        return this.track(engineActivities.raiseIncident({ ...this.ref, key: e.key, elementId: e.elementId, message: e.message }), `recording incident ${e.key}`, e.elementId);
      case 'callActivity':
        return this.scoped(
          e.key,
          true,
          () => (e.activity === NOTIFY_ACTIVITY ? this.notify(e.key, e.elementId, e.input, e.taskKey) : serviceProxy(e.retries)[e.activity]!(e.input)),
          (result) => {
            this.deliver({ type: 'activityCompleted', key: e.key, result: result ?? null });
          },
          (err) => {
            this.deliver({ type: 'activityFailed', key: e.key, message: failureMessage(err), errorCode: bpmnErrorCode(err) });
          },
        );
      case 'startChild':
        return this.scoped(
          e.key,
          true,
          async () => {
            const versionId = await engineActivities.resolveLatestVersion(e.processKey);
            const input: BpmnProcessInput = { versionId, processKey: e.processKey, variables: e.variables, anchorUnit: this.ref.anchorUnit };
            const child = await startChild<(i: BpmnProcessInput) => Promise<BpmnProcessResult>>('bpmnProcess', {
              workflowId: `${workflowInfo().workflowId}/${e.key.replace(/^child:/, '')}`,
              args: [input],
            });
            return child.result();
          },
          (result) => {
            this.deliver({ type: 'childCompleted', key: e.key, variables: (result as BpmnProcessResult).variables ?? {} });
          },
          (err) => {
            this.deliver({ type: 'childFailed', key: e.key, message: failureMessage(err), errorCode: bpmnErrorCode(err) });
          },
        );
      case 'escalate': {
        const parent = workflowInfo().parent;
        if (!parent) return;
        const signal = getExternalWorkflowHandle(parent.workflowId).signal(childEscalationSignal, { childWorkflowId: workflowInfo().workflowId, escalationCode: e.escalationCode });
        return this.track(signal, 'telling the parent process of an escalation', '');
      }
      case 'complete':
      case 'fail':
        return; // the workflow function ends the run
    }
  }

  /**
   * A gridflow.notify service task, drawn (kind and message from the diagram) or generated for a
   * deadline (reminder/escalation of the task in `taskKey`). The key names the instance: the
   * activity dedupes on (key, recipient), and the engine's keys repeat across instances.
   */
  private async notify(key: string, elementId: string, input: Vars, taskKey: string | undefined): Promise<null> {
    const kind: NotificationKind = typeof input.kind === 'string' && DRAWN_KINDS.has(input.kind) ? (input.kind as NotificationKind) : 'reminder';
    const recipients = notifyRecipients(input.recipients);
    const level = typeof input.level === 'string' ? input.level : undefined;
    const taskName = typeof input.taskName === 'string' ? input.taskName : typeof input.taskElementId === 'string' ? input.taskElementId : elementId;
    const generated =
      kind === 'escalation' ? `${taskName}: overdue, escalated${level ? ` to ${level}` : ''}` : kind === 'reminder' ? `${taskName}: deadline approaching` : taskName;
    const message = typeof input.message === 'string' && input.message.trim() !== '' ? input.message : generated;
    await engineActivities.notify({
      ...this.ref,
      key: `${this.ref.workflowId}:${key}`,
      kind,
      recipients,
      elementId: typeof input.taskElementId === 'string' ? input.taskElementId : elementId,
      ...(taskKey ? { taskKey } : {}),
      level,
      message,
    });
    return null;
  }

  /** Close every open task as cancelled (the instance was cancelled from outside). */
  async closeAll(taskKeys: string[], reason: string): Promise<void> {
    await Promise.all(
      taskKeys.map((taskKey) => engineActivities.closeUserTask({ workflowId: this.ref.workflowId, taskKey, outcome: 'cancelled', reason }).catch(() => undefined)),
    );
  }
}
