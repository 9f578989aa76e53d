// bpmnProcess: the one generic workflow that runs any deployed diagram. It loads the graph of the
// version it was started with (through an activity, so the graph is in history and replay never
// depends on today's database), runs the pure token engine, and lets EffectRunner carry out what
// the engine asks for. Everything here must stay deterministic: workflow APIs only.
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { EngineActivities, InstanceRef } from '../activities/contract';
import {
  BPMN_ERROR_TYPE,
  childEscalationSignal,
  completeTaskUpdate,
  messageSignal,
  retryIncidentUpdate,
  stateQuery,
  type BpmnProcessInput,
  type BpmnProcessResult,
  type CompleteTaskUpdate,
  type RetryIncidentUpdate,
  type ProcessState,
} from './api';
import { stateView, TokenEngine, type EngineOptions } from './engine/engine';
import type { EngineEvent } from './engine/types';
import { childKeyOf, EffectRunner } from './host/effects';

const { loadGraph, recordInstanceStart } = proxyActivities<EngineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

const DEFAULT_CONTINUE_AS_NEW_AFTER = 8000;

function anchorOf(input: BpmnProcessInput): string | undefined {
  if (input.anchorUnit) return input.anchorUnit;
  const v = input.variables ?? {};
  if (typeof v.compoundCode === 'string') return v.compoundCode;
  if (typeof v.unitCode === 'string') return v.unitCode;
  return undefined;
}

export async function bpmnProcess(input: BpmnProcessInput): Promise<BpmnProcessResult> {
  let engine: TokenEngine | undefined;
  // eslint-disable-next-line prefer-const -- assigned after loadGraph, read by the query handler before that
  let runner: EffectRunner | undefined;

  setHandler(stateQuery, (): ProcessState => {
    if (!engine) {
      // before the graph is loaded: a continued run already knows its state from the snapshot
      if (input.resume) return stateView(input.resume.state);
      return { status: 'running', activeElements: [], variables: input.variables ?? {}, openTasks: [], visited: [], incidents: [], pendingTimers: [] };
    }
    const view = engine.view();
    const hostIncidents = (runner?.problems ?? []).map((p, i) => ({ id: -1 - i, elementId: p.elementId, phase: 'activate' as const, message: p.message, createdAt: '' }));
    return { ...view, incidents: [...view.incidents, ...hostIncidents] };
  });

  const apply = (ev: EngineEvent) => runner!.run(engine!.handle(ev, Date.now()));

  // Handlers are registered before the first await: an update that reaches a new run (after
  // continue-as-new) before the graph is loaded must wait for the engine, not be refused.
  const ready = () => condition(() => engine !== undefined);
  // separationOfDuties: whether to hold the completer to the task's gov:notDoneBy rule;
  // `onlyDeclared` undefined: as the engine options say (patched, for histories recorded before)
  const checkCompletion = (u: CompleteTaskUpdate, separationOfDuties: boolean, onlyDeclared?: boolean) => {
    if (!u || typeof u.taskKey !== 'string') throw ApplicationFailure.create({ type: 'InvalidTaskInput', message: 'completeTask needs a taskKey', nonRetryable: true });
    const check = engine!.checkTaskCompletion(u.taskKey, u.variables ?? {}, { completedBy: separationOfDuties ? String(u.completedBy) : undefined, onlyDeclared });
    if (!check.ok) throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
  };
  // Histories recorded before the rule existed accepted such completions in the handler; the
  // validator never runs on replay, so only the handler's check is behind the patch.
  const separationInHandler = (u: CompleteTaskUpdate) => typeof u?.taskKey === 'string' && engine!.hasSeparationRule(u.taskKey) && patched('separation-of-duties');
  setHandler(
    completeTaskUpdate,
    async (u) => {
      await ready();
      checkCompletion(u, separationInHandler(u)); // again: another completion may have closed the task since validation
      const open = engine!.view().openTasks.find((t) => t.taskKey === u.taskKey);
      apply({ type: 'taskCompleted', taskKey: u.taskKey, completedBy: u.completedBy, variables: u.variables ?? {} });
      return { taskKey: u.taskKey, elementId: open?.elementId ?? '', outcome: 'completed' as const };
    },
    // the validator runs only live, never in replay, and must not record a patch marker: always strict
    { validator: (u) => (engine ? checkCompletion(u, true, true) : undefined) },
  );
  setHandler(messageSignal, async (m) => {
    await ready();
    const correlationKey = m.correlationKey === undefined || m.correlationKey === null ? undefined : String(m.correlationKey);
    apply({ type: 'messageReceived', name: m.name, correlationKey, variables: m.variables });
  });
  setHandler(childEscalationSignal, async (c) => {
    await ready();
    const key = childKeyOf(workflowInfo().workflowId, c.childWorkflowId);
    if (key) apply({ type: 'childEscalated', key, escalationCode: c.escalationCode });
  });
  const checkRetry = (r: RetryIncidentUpdate) => {
    if (!engine!.hasIncident(r?.elementId)) throw ApplicationFailure.create({ type: 'NoIncident', message: `no open incident on element ${r?.elementId}`, nonRetryable: true });
  };
  setHandler(
    retryIncidentUpdate,
    async (r) => {
      await ready();
      checkRetry(r);
      apply({ type: 'retryIncident', elementId: r.elementId, variables: r.variables });
      return { retried: r.elementId };
    },
    { validator: (r) => (engine ? checkRetry(r) : undefined) },
  );

  const graph = await loadGraph(input.versionId);
  // histories recorded before negative timers fired at once hold an incident there instead of a timer
  // and histories recorded before completions were held to the form's fields accepted any variable;
  // histories recorded before FEEL was bounded evaluated it unbounded: they replay that way
  const engineOptions: EngineOptions = {
    negativeDurationFiresAtOnce: () => patched('negative-duration-fires-at-once'),
    onlyDeclaredFormFields: () => patched('completion-only-declared-form-fields'),
    feelLimits: () => patched('feel-limits'),
    dueTogetherFiresAll: () => patched('due-together-fires-all'),
    completionSeesOutputCollection: () => patched('completion-sees-output-collection'),
  };
  // the parent only adds a field to activity inputs (no command changes): recorded histories replay as before
  const parentWorkflowId = workflowInfo().parent?.workflowId;
  const ref: InstanceRef = {
    workflowId: workflowInfo().workflowId,
    processKey: graph.processKey,
    versionId: input.versionId,
    anchorUnit: anchorOf(input),
    ...(parentWorkflowId !== undefined ? { parentWorkflowId } : {}),
  };
  runner = new EffectRunner(ref, apply);
  // the server writes the Instance row of what it starts; a schedule's start has nobody to write it
  if (!input.resume && input.startedBy?.startsWith('schedule:') && patched('scheduled-start-records-instance')) {
    await recordInstanceStart({ ...ref, startedBy: input.startedBy });
  }

  try {
    if (input.resume) {
      engine = TokenEngine.restore(graph, input.resume.state, engineOptions);
      runner.run(engine.resumeEffects());
    } else {
      const started = TokenEngine.start(graph, input.variables ?? {}, Date.now(), engineOptions, input.startEventId);
      engine = started.engine;
      runner.run(started.effects);
    }
  } catch (e) {
    throw ApplicationFailure.create({ type: 'InvalidProcess', message: e instanceof Error ? e.message : String(e), nonRetryable: true });
  }
  const eng = engine;

  const limit = input.continueAsNewAfter ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  const historyIsLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= limit;
  try {
    await condition(() => eng.state.status !== 'running' || (historyIsLong() && eng.isQuiescent() && runner!.idle() && allHandlersFinished()));
  } catch (e) {
    if (isCancellation(e)) {
      const open = eng.view().openTasks.map((t) => t.taskKey);
      await CancellationScope.nonCancellable(() => runner!.closeAll(open, 'instance cancelled'));
    }
    throw e;
  }

  if (eng.state.status === 'running') {
    await continueAsNew<typeof bpmnProcess>({ ...input, resume: { state: eng.state } });
  }
  // let task closes, notifications and incident records that the last step started finish
  await condition(() => runner!.idle() && allHandlersFinished());
  if (eng.state.status === 'failed') {
    const f = eng.state.failure!;
    if (f.errorCode !== undefined) throw ApplicationFailure.create({ type: BPMN_ERROR_TYPE, message: f.message, details: [{ errorCode: f.errorCode }], nonRetryable: true });
    throw ApplicationFailure.create({ type: 'ProcessFailed', message: f.message, nonRetryable: true });
  }
  return { status: 'completed', variables: eng.view().variables };
}
