// The token engine: pure and deterministic (no Temporal, no clock, no I/O). The host feeds it
// events with the current workflow time and carries out the effects it returns. Element kinds
// implement their own lifecycle in elements/; this file moves tokens along flows, keeps scopes,
// joins, boundaries, errors, escalations and incidents.
import type { GraphElement, ProcessGraph, SequenceFlow, TimerDefinition } from '../../bpmn/graph';
import { BpmnModelError, type CompleteOptions, type EngineContext } from './context';
import { behaviours } from './elements';
import { evalFeel, evalFeelBoolean } from './feel';
import { undeclaredFieldProblems } from './declared-fields';
import { formViolations } from './forms';
import { addDuration, looksLikeIsoTime, parseCycle, parseDateTime } from './isoTime';
import { multiInstanceBody } from './multiInstance';
import { resolveJoins, tryParallelJoin } from './joins';
import { setPropagated, visibleVars } from './scope';
import { NoIncidentError, TaskRejectedError } from './errors';
import { separationConflict } from './separation';
import { stateView } from './view';
import type { Effect, ElementInstance, EngineEvent, EngineState, IncidentPhase, StateView, Vars, VisitOutcome, Wait } from './types';

/** Activations within one event before the engine calls it an endless loop without a wait state. */
const MAX_STEPS = 2_000;
const ROOT = 0;
/** Early messages kept for a catch that is not reached yet; the oldest go first. */
const MAX_BUFFERED_MESSAGES = 100;

export type TaskCheck = { ok: true } | { ok: false; code: 'TaskNotOpen' | 'InvalidTaskInput' | 'SeparationOfDuties'; message: string };

/** Behaviour a host may have to keep as it was for histories recorded before a change. */
export interface EngineOptions {
  /** asked when a duration timer comes out negative: fire at once (true, the default) or refuse it as before (an incident) */
  negativeDurationFiresAtOnce?: () => boolean;
  /** asked when a task is completed: refuse fields its form does not declare (true, the default) or accept them as before */
  onlyDeclaredFormFields?: () => boolean;
  /** asked at each FEEL evaluation: bound it by FEEL_LIMITS (true, the default) or evaluate unbounded as before */
  feelLimits?: () => boolean;
  /**
   * asked when an interrupting boundary timer fires while non-interrupting timers of the same
   * activity are due no later: fire those first (true, the default) or let the interruption cancel them as before
   */
  dueTogetherFiresAll?: () => boolean;
  /** asked when a completion condition names its output collection: give it the outputs so far (true, the default) or not, as before */
  completionSeesOutputCollection?: () => boolean;
}

export class TokenEngine implements EngineContext {
  now = 0;
  private agenda: (() => void)[] = [];
  private effects: Effect[] = [];

  private constructor(
    readonly graph: ProcessGraph,
    readonly state: EngineState,
    private readonly options: EngineOptions = {},
  ) {}

  /** A new instance at `startEventId` (a scheduled timer start), else the process's none start event (or its first start event). */
  static start(graph: ProcessGraph, variables: Vars, now: number, options?: EngineOptions, startEventId?: string): { engine: TokenEngine; effects: Effect[] } {
    const state: EngineState = {
      status: 'running',
      nextId: 1,
      seq: 0,
      instances: { [ROOT]: { id: ROOT, elementId: graph.processKey, state: 'active', vars: { ...variables }, open: true, visit: -1 } },
      waits: {},
      incidents: [],
      nextIncidentId: 1,
      visits: [],
      bufferedMessages: [],
    };
    const engine = new TokenEngine(graph, state, options);
    if (startEventId !== undefined && !graph.startIds.includes(startEventId)) {
      throw new BpmnModelError(startEventId, `${startEventId} is not a start event of process ${graph.processKey}`);
    }
    const startId =
      startEventId ??
      graph.startIds.find((id) => {
        const el = graph.elements[id];
        return el?.kind === 'startEvent' && el.event.type === 'none';
      }) ?? graph.startIds[0];
    if (!startId) throw new BpmnModelError(graph.processKey, `process ${graph.processKey} has no start event`);
    const effects = engine.run(now, () => engine.enter(startId, ROOT, {}));
    return { engine, effects };
  }

  /** Pick up a snapshot (continue-as-new). */
  static restore(graph: ProcessGraph, state: EngineState, options?: EngineOptions): TokenEngine {
    return new TokenEngine(graph, state, options);
  }

  handle(event: EngineEvent, now: number): Effect[] {
    return this.run(now, () => this.dispatch(event));
  }

  /** Timers to re-arm after continue-as-new (tasks stay open; messages are passive). */
  resumeEffects(): Effect[] {
    return this.waitsInOrder()
      .filter((w) => w.type === 'timer')
      .map((w) => ({ type: 'startTimer', key: w.key, fireAt: w.fireAt!, elementId: w.elementId }));
  }

  /** True when nothing is in flight that a new run could not pick up (no activity or child running). */
  isQuiescent(): boolean {
    return !Object.values(this.state.waits).some((w) => w.type === 'activity' || w.type === 'child');
  }

  /**
   * `completedBy` given: also refuse a completer the task's separation-of-duties rule (gov:notDoneBy)
   * excludes. `onlyDeclared`: refuse fields the form does not declare; default the host's
   * onlyDeclaredFormFields.
   */
  checkTaskCompletion(taskKey: string, variables: Vars, check: { completedBy?: string; onlyDeclared?: boolean } = {}): TaskCheck {
    const { completedBy, onlyDeclared } = check;
    const w = this.state.waits[taskKey];
    if (!w || w.type !== 'task' || !w.task) {
      return { ok: false, code: 'TaskNotOpen', message: `task ${taskKey} is not open (unknown, already completed or cancelled)` };
    }
    const problems = formViolations(w.task.formFields, variables);
    if (onlyDeclared ?? this.options.onlyDeclaredFormFields?.() ?? true) problems.push(...undeclaredFieldProblems(w.task.formFields, variables));
    if (problems.length > 0) return { ok: false, code: 'InvalidTaskInput', message: `task ${taskKey} (${w.elementId}): ${problems.join('; ')}` };
    if (completedBy !== undefined) {
      const conflict = separationConflict(this.graph, this.state.visits, w.elementId, completedBy);
      if (conflict) return { ok: false, code: 'SeparationOfDuties', message: conflict };
    }
    return { ok: true };
  }

  /** whether the open task `taskKey` has a separation-of-duties rule at all */
  hasSeparationRule(taskKey: string): boolean {
    const el = this.graph.elements[this.state.waits[taskKey]?.elementId ?? ''];
    return el?.kind === 'userTask' && (el.notDoneBy?.length ?? 0) > 0;
  }

  hasIncident(elementId: string): boolean {
    return this.state.incidents.some((i) => i.elementId === elementId);
  }

  view(): StateView {
    return stateView(this.state, this.graph);
  }

  // ---------------------------------------------------------------- running
  private run(now: number, fn: () => void): Effect[] {
    this.now = now;
    this.effects = [];
    if (this.state.status === 'running') {
      fn();
      this.settle();
    }
    const out = this.effects;
    this.effects = [];
    return out;
  }

  private settle(): void {
    let steps = 0;
    for (;;) {
      while (this.agenda.length > 0) {
        if (++steps > MAX_STEPS) {
          // A loop of automatic steps never reaches a wait state: a broken diagram. Fail loudly
          // rather than leave half-activated tokens behind.
          this.agenda = [];
          this.failProcess(undefined, `more than ${MAX_STEPS} automatic steps without reaching a task, timer or message: the diagram loops without a wait state`);
          return;
        }
        this.agenda.shift()!();
        if (this.state.status !== 'running') {
          this.agenda = [];
          return;
        }
      }
      if (this.resolveJoins()) continue;
      if (this.completeEmptyScopes()) continue;
      return;
    }
  }

  private dispatch(ev: EngineEvent): void {
    switch (ev.type) {
      case 'timerFired':
        return this.fire(ev.key, ev);
      case 'messageReceived': {
        const w = this.waitsInOrder().find(
          (x) => x.type === 'message' && x.messageName === ev.name && (x.correlationKey === undefined || x.correlationKey === ev.correlationKey),
        );
        if (w) return this.fire(w.key, ev);
        this.state.bufferedMessages.push({ name: ev.name, correlationKey: ev.correlationKey, variables: ev.variables ?? {} });
        // bounded: messages nobody ever waits for must not grow the state (and continue-as-new input) forever
        if (this.state.bufferedMessages.length > MAX_BUFFERED_MESSAGES) this.state.bufferedMessages.shift();
        return;
      }
      case 'taskCompleted': {
        const check = this.checkTaskCompletion(ev.taskKey, ev.variables ?? {});
        if (!check.ok) throw new TaskRejectedError(check.code, check.message);
        return this.fire(ev.taskKey, ev);
      }
      case 'activityCompleted':
      case 'activityFailed':
      case 'childCompleted':
      case 'childFailed':
        return this.fire(ev.key, ev);
      case 'taskOpenFailed': {
        const w = this.state.waits[ev.taskKey];
        const owner = w?.type === 'task' ? this.state.instances[w.instanceId] : undefined;
        if (!owner) return;
        delete this.state.waits[ev.taskKey];
        this.incident(owner, 'activate', `${owner.elementId}: task ${ev.taskKey} could not be opened: ${ev.message}`);
        return;
      }
      case 'childEscalated': {
        const w = this.state.waits[ev.key];
        const owner = w && this.state.instances[w.instanceId];
        if (owner) this.throwEscalation(owner, ev.escalationCode, true);
        return;
      }
      case 'retryIncident':
        return this.retry(ev.elementId, ev.variables);
    }
  }

  /** A wait was satisfied: route it to the boundary, gateway or element that holds it. */
  private fire(key: string, ev: EngineEvent): void {
    const w = this.state.waits[key];
    if (!w) return; // stale: the instance was cancelled meanwhile
    const owner = this.state.instances[w.instanceId];
    if (!owner) return void delete this.state.waits[key];
    const target = this.element(w.elementId);
    const payload = ev.type === 'messageReceived' ? (ev.variables ?? {}) : {};
    if (target.kind === 'boundaryEvent' && w.elementId !== owner.elementId) {
      const rearm = !target.cancelActivity && (w.type === 'message' || (w.cycle !== undefined && w.cycle.left !== 0));
      if (rearm && w.cycle) {
        w.fireAt = w.fireAt! + w.cycle.intervalMs;
        if (w.cycle.left > 0) w.cycle.left -= 1;
        this.emit({ type: 'startTimer', key: w.key, fireAt: w.fireAt, elementId: w.elementId });
      } else if (!rearm) delete this.state.waits[key];
      const scopeId = owner.scopeId!;
      if (target.cancelActivity && w.type === 'timer') this.fireTimersDueBy(owner, w.fireAt);
      if (target.cancelActivity) this.terminate(owner, 'interrupted', `interrupted by boundary event ${target.id}`);
      const raised = this.enter(target.id, scopeId, payload);
      if (target.generated) raised.raisedBy = owner.id;
      return;
    }
    delete this.state.waits[key];
    const el = this.element(owner.elementId);
    this.guard(owner, 'complete', () => behaviours[el.kind].onEvent?.(this, owner, el, w, ev));
  }

  /**
   * BPMN triggers every boundary event whose time has come. Timers due at the same instant reach
   * the workflow in no fixed order; an interrupting one delivered first would cancel, unheard, a
   * non-interrupting one (a gov:escalation notice) due with it. Those are fired first, soonest first.
   */
  private fireTimersDueBy(owner: ElementInstance, fireAt: number | undefined): void {
    if (fireAt === undefined) return;
    const due = this.waitsInOrder()
      .filter((x) => x.type === 'timer' && x.instanceId === owner.id && x.fireAt !== undefined && x.fireAt <= fireAt && x.elementId !== owner.elementId)
      .filter((x) => {
        const el = this.element(x.elementId);
        return el.kind === 'boundaryEvent' && !el.cancelActivity;
      })
      .sort((a, b) => a.fireAt! - b.fireAt! || a.seq - b.seq);
    if (due.length === 0 || !(this.options.dueTogetherFiresAll?.() ?? true)) return;
    for (const x of due) this.fire(x.key, { type: 'timerFired', key: x.key });
  }

  private retry(elementId: string, variables?: Vars): void {
    const open = this.state.incidents.filter((i) => i.elementId === elementId);
    if (open.length === 0) throw new NoIncidentError(`no open incident on element ${elementId}`);
    this.state.incidents = this.state.incidents.filter((i) => i.elementId !== elementId);
    for (const inc of open) {
      const inst = inc.instanceId === undefined ? undefined : this.state.instances[inc.instanceId];
      for (const [k, v] of Object.entries(variables ?? {})) setPropagated(inst ?? this.root(), k, v, this.lookup);
      if (!inst) continue;
      inst.state = 'active';
      if (inc.phase === 'activate') this.agenda.push(() => this.activateInstance(inst.id));
      else if (inc.phase === 'complete') this.agenda.push(() => this.complete(inst, { flows: inst.pendingFlows, by: inst.pendingBy }));
      // 'join': the next settle looks at the join again
    }
  }

  // ---------------------------------------------------------------- EngineContext
  element(id: string): GraphElement {
    const el = this.graph.elements[id];
    if (!el) throw new BpmnModelError(id, `element ${id} is not in the process graph`);
    return el;
  }

  flow(id: string): SequenceFlow {
    const f = this.graph.flows[id];
    if (!f) throw new BpmnModelError(id, `sequence flow ${id} is not in the process graph`);
    return f;
  }

  instance(id: number): ElementInstance | undefined {
    return this.state.instances[id];
  }

  private lookup = (id: number): ElementInstance | undefined => this.state.instances[id];

  private root(): ElementInstance {
    return this.state.instances[ROOT]!;
  }

  vars(inst: ElementInstance): Vars {
    return visibleVars(inst, this.lookup);
  }

  evaluate(expr: string, inst: ElementInstance, extra?: Vars): unknown {
    return evalFeel(expr, { ...visibleVars(inst, this.lookup), ...extra }, this.options.feelLimits?.() ?? true);
  }

  evaluateBoolean(expr: string, inst: ElementInstance, extra?: Vars): boolean {
    return evalFeelBoolean(expr, { ...visibleVars(inst, this.lookup), ...extra }, this.options.feelLimits?.() ?? true);
  }

  completionSeesOutputCollection(): boolean {
    return this.options.completionSeesOutputCollection?.() ?? true;
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  key(prefix: string, inst: ElementInstance, elementId?: string): string {
    return `${prefix}:${elementId ?? inst.elementId}#${inst.id}`;
  }

  addWait(wait: Omit<Wait, 'seq'>): Wait {
    const w: Wait = { ...wait, seq: this.state.seq++ };
    this.state.waits[w.key] = w;
    return w;
  }

  removeWaitsOf(instId: number, cancel: boolean, reason = 'cancelled'): void {
    const mine = Object.values(this.state.waits)
      .filter((w) => w.instanceId === instId)
      .sort((a, b) => a.seq - b.seq);
    for (const w of mine) {
      delete this.state.waits[w.key];
      if (!cancel) continue;
      if (w.type === 'timer') this.emit({ type: 'cancelTimer', key: w.key });
      else if (w.type === 'task') this.emit({ type: 'closeTask', key: w.key, outcome: 'cancelled', reason });
      else if (w.type === 'activity') this.emit({ type: 'cancelActivity', key: w.key });
      else if (w.type === 'child') this.emit({ type: 'cancelChild', key: w.key });
    }
  }

  timerWait(owner: ElementInstance, elementId: string, timer: TimerDefinition, evalAt: ElementInstance): Wait {
    let iso = timer.value;
    if (!looksLikeIsoTime(iso)) {
      const v = this.evaluate(iso, evalAt);
      if (typeof v !== 'string') throw new BpmnModelError(elementId, `timer of ${elementId} gave ${JSON.stringify(v)}, not an ISO 8601 time`);
      iso = v;
    }
    let fireAt: number;
    let cycle: Wait['cycle'];
    if (timer.kind === 'duration') {
      // a negative duration (a reminder lead longer than the time given, dueIn − remindBefore < 0)
      // lies in the past: it fires at once, like a date already passed (the rest must still parse)
      const negative = iso.trim().startsWith('-') && (this.options.negativeDurationFiresAtOnce?.() ?? true);
      fireAt = addDuration(this.now, negative ? iso.trim().slice(1) : iso);
      if (negative) fireAt = this.now;
    }
    else if (timer.kind === 'date') fireAt = parseDateTime(iso);
    else {
      const c = parseCycle(iso, this.now);
      fireAt = c.firstAt;
      cycle = { left: c.repetitions < 0 ? -1 : c.repetitions - 1, intervalMs: c.intervalMs, iso };
    }
    const key = this.key('timer', owner, elementId);
    const w = this.addWait({ key, type: 'timer', instanceId: owner.id, elementId, fireAt, cycle });
    this.emit({ type: 'startTimer', key, fireAt, elementId });
    return w;
  }

  messageWait(owner: ElementInstance, elementId: string, messageName: string, correlationKey: string | undefined, evalAt: ElementInstance): Wait {
    let corr: string | undefined;
    if (correlationKey !== undefined && correlationKey.trim() !== '') {
      const v = this.evaluate(correlationKey, evalAt);
      corr = typeof v === 'string' ? v : JSON.stringify(v);
    }
    const key = this.key('message', owner, elementId);
    const w = this.addWait({ key, type: 'message', instanceId: owner.id, elementId, messageName, correlationKey: corr });
    const i = this.state.bufferedMessages.findIndex((m) => m.name === messageName && (corr === undefined || m.correlationKey === corr));
    if (i >= 0) {
      const [m] = this.state.bufferedMessages.splice(i, 1);
      this.agenda.push(() => this.fire(key, { type: 'messageReceived', name: m!.name, correlationKey: m!.correlationKey, variables: m!.variables }));
    }
    return w;
  }

  enter(elementId: string, scopeId: number, triggered?: Vars): ElementInstance {
    const el = this.element(elementId);
    const inst = this.newInstance(elementId, scopeId, triggered);
    if (el.multiInstance && el.kind !== 'boundaryEvent') {
      inst.mi = { role: 'body', items: [], next: 0, outputs: [], completed: 0 };
    }
    this.agenda.push(() => this.activateInstance(inst.id));
    return inst;
  }

  /** One iteration of a multi-instance activity, living inside its body. */
  enterInner(body: ElementInstance, index: number, locals: Vars): ElementInstance {
    const inst = this.newInstance(body.elementId, body.id, undefined);
    inst.mi = { role: 'inner', index };
    Object.assign(inst.vars, locals);
    this.agenda.push(() => this.activateInstance(inst.id));
    return inst;
  }

  private newInstance(elementId: string, scopeId: number, triggered?: Vars): ElementInstance {
    const id = this.state.nextId++;
    const visit = this.state.visits.push({ elementId, instanceId: id, enteredAt: this.iso(), outcome: 'active' }) - 1;
    const inst: ElementInstance = { id, elementId, scopeId, state: 'active', vars: {}, visit, triggered };
    this.state.instances[id] = inst;
    return inst;
  }

  private activateInstance(id: number): void {
    const inst = this.state.instances[id];
    if (!inst || inst.state !== 'active') return;
    const el = this.element(inst.elementId);
    this.guard(inst, 'activate', () => {
      if (inst.mi?.role !== 'inner') this.subscribeBoundaries(inst, el);
      if (inst.mi?.role === 'body') return multiInstanceBody.activate(this, inst, el);
      for (const m of el.inputs ?? []) inst.vars[m.target] = this.evaluate(m.source, inst);
      behaviours[el.kind].activate(this, inst, el);
    });
  }

  private subscribeBoundaries(inst: ElementInstance, el: GraphElement): void {
    for (const b of el.boundaryIds ?? []) {
      const be = this.element(b);
      if (be.kind !== 'boundaryEvent') continue;
      const already = this.state.waits[this.key(be.event.type === 'timer' ? 'timer' : 'message', inst, b)];
      if (already) continue;
      if (be.event.type === 'timer') this.timerWait(inst, b, be.event.timer, inst);
      else if (be.event.type === 'message') this.messageWait(inst, b, be.event.messageName, be.event.correlationKey, inst);
    }
  }

  complete(inst: ElementInstance, opts: CompleteOptions = {}): void {
    if (!this.state.instances[inst.id]) return;
    const el = this.element(inst.elementId);
    const inner = inst.mi?.role === 'inner';
    if (opts.variables) Object.assign(inst.vars, opts.variables);
    let flows: string[] = [];
    let innerResult: { output: unknown; done: boolean } | undefined;
    const ok = this.guard(inst, 'complete', () => {
      inst.pendingFlows = opts.flows;
      inst.pendingBy = opts.by;
      const parent = this.state.instances[inst.scopeId!];
      if (inst.mi?.role === 'body') {
        const mi = el.multiInstance!;
        if (mi.outputCollection && parent) setPropagated(parent, mi.outputCollection, inst.mi.outputs, this.lookup);
      } else if (el.outputs && el.outputs.length > 0) {
        const results = el.outputs.map((m) => [m.target, this.evaluate(m.source, inst)] as const);
        for (const [k, v] of results) {
          if (inner) inst.vars[k] = v;
          else if (parent) setPropagated(parent, k, v, this.lookup);
        }
      } else if (opts.variables && !inner && parent) {
        for (const [k, v] of Object.entries(opts.variables)) setPropagated(parent, k, v, this.lookup);
      }
      if (inner) innerResult = multiInstanceBody.evaluateInner(this, inst, el);
      else flows = opts.flows ?? this.defaultFlows(inst, el);
    });
    if (!ok) return;
    this.removeInstance(inst, 'completed', opts.by);
    if (innerResult) multiInstanceBody.innerCompleted(this, inst, el, innerResult);
    else this.takeFlows(flows, inst.scopeId!, inst.raisedBy);
  }

  private defaultFlows(inst: ElementInstance, el: GraphElement): string[] {
    return el.outgoing.filter((f) => {
      const c = this.flow(f).condition;
      return c === undefined || c.trim() === '' || this.evaluateBoolean(c, inst);
    });
  }

  private takeFlows(flows: string[], scopeId: number, raisedBy?: number): void {
    const scope = this.state.instances[scopeId];
    if (!scope) return;
    for (const f of flows) {
      const target = this.element(this.flow(f).target);
      if ((target.kind === 'parallelGateway' || target.kind === 'inclusiveGateway') && target.incoming.length > 1) {
        scope.arrivals ??= {};
        const at = (scope.arrivals[target.id] ??= {});
        at[f] = (at[f] ?? 0) + 1;
        if (target.kind === 'parallelGateway') this.agenda.push(() => this.tryParallelJoin(scopeId, target.id));
      } else {
        const next = this.enter(target.id, scopeId);
        if (raisedBy !== undefined && target.generated) next.raisedBy = raisedBy;
      }
    }
  }

  private tryParallelJoin(scopeId: number, gatewayId: string): void {
    tryParallelJoin(this, scopeId, gatewayId);
  }

  private resolveJoins(): boolean {
    return resolveJoins(this);
  }

  private completeEmptyScopes(): boolean {
    for (const scope of Object.values(this.state.instances)) {
      if (!scope.open || scope.state !== 'active') continue;
      if (Object.values(this.state.instances).some((i) => i.scopeId === scope.id)) continue;
      if (Object.values(scope.arrivals ?? {}).some((at) => Object.values(at).some((n) => n > 0))) continue;
      scope.open = false;
      if (scope.id === ROOT) {
        this.state.status = 'completed';
        this.emit({ type: 'complete', variables: { ...scope.vars } });
      } else {
        this.complete(scope);
      }
      return true;
    }
    return false;
  }

  private removeInstance(inst: ElementInstance, outcome: VisitOutcome, by?: string, reason?: string): void {
    this.removeWaitsOf(inst.id, true, reason);
    this.state.incidents = this.state.incidents.filter((i) => i.instanceId !== inst.id);
    const v = this.state.visits[inst.visit];
    if (v) {
      v.leftAt = this.iso();
      v.outcome = outcome;
      if (by) v.by = by;
      if (reason) v.reason = reason;
    }
    delete this.state.instances[inst.id];
  }

  terminate(inst: ElementInstance, outcome: VisitOutcome, reason: string): void {
    for (const child of this.childrenOf(inst.id)) this.terminate(child, 'cancelled', reason);
    const el = this.element(inst.elementId);
    if (inst.mi?.role !== 'body') behaviours[el.kind].terminate?.(this, inst, el, reason);
    this.removeInstance(inst, outcome, undefined, reason);
  }

  childrenOf(id: number): ElementInstance[] {
    return Object.values(this.state.instances)
      .filter((i) => i.scopeId === id)
      .sort((a, b) => a.id - b.id);
  }

  terminateScopeOf(inst: ElementInstance): void {
    const scope = this.state.instances[inst.scopeId!];
    if (!scope) return;
    for (const child of this.childrenOf(scope.id)) this.terminate(child, 'cancelled', `terminate end event ${inst.elementId}`);
    scope.arrivals = {};
  }

  throwError(from: ElementInstance, errorCode: string | undefined, message: string): void {
    let cur: ElementInstance | undefined = from;
    const fromEl = this.element(from.elementId);
    if (fromEl.kind === 'endEvent' || fromEl.kind === 'intermediateThrowEvent') {
      cur = this.state.instances[from.scopeId!];
      this.removeInstance(from, 'completed');
    }
    while (cur && cur.id !== ROOT) {
      if (cur.mi?.role !== 'inner') {
        for (const b of this.element(cur.elementId).boundaryIds ?? []) {
          const be = this.element(b);
          if (be.kind !== 'boundaryEvent' || be.event.type !== 'error') continue;
          if (be.event.errorCode !== undefined && be.event.errorCode !== errorCode) continue;
          const scopeId = cur.scopeId!;
          this.terminate(cur, 'interrupted', `error ${errorCode ?? ''} caught by ${b}`.replace('  ', ' '));
          this.enter(b, scopeId, errorCode === undefined ? {} : { errorCode });
          return;
        }
      }
      cur = cur.scopeId === undefined ? undefined : this.state.instances[cur.scopeId];
    }
    this.failProcess(errorCode, message);
  }

  /** `fromSelf`: the escalation comes out of `from` itself (a call activity's child), so its own boundaries catch it. */
  throwEscalation(from: ElementInstance, escalationCode: string | undefined, fromSelf = false): boolean {
    let cur: ElementInstance | undefined = fromSelf ? from : this.state.instances[from.scopeId!];
    while (cur && cur.id !== ROOT) {
      if (cur.mi?.role !== 'inner') {
        for (const b of this.element(cur.elementId).boundaryIds ?? []) {
          const be = this.element(b);
          if (be.kind !== 'boundaryEvent' || be.event.type !== 'escalation') continue;
          if (be.event.escalationCode !== undefined && be.event.escalationCode !== escalationCode) continue;
          const scopeId = cur.scopeId!;
          if (be.cancelActivity) {
            this.terminate(cur, 'interrupted', `escalation ${escalationCode ?? ''} caught by ${b}`);
            this.enter(b, scopeId, {});
            return false;
          }
          this.enter(b, scopeId, {});
          return true;
        }
      }
      cur = cur.scopeId === undefined ? undefined : this.state.instances[cur.scopeId];
    }
    // uncaught escalations do not stop the thrower; they go on to a parent process, if any
    this.emit({ type: 'escalate', escalationCode });
    return true;
  }

  private failProcess(errorCode: string | undefined, message: string): void {
    for (const child of this.childrenOf(ROOT)) this.terminate(child, 'cancelled', `process failed: ${message}`);
    this.state.status = 'failed';
    this.state.failure = { errorCode, message };
    this.emit({ type: 'fail', errorCode, message });
  }

  incident(inst: ElementInstance, phase: 'activate' | 'complete', message: string): void {
    this.raise(inst.id, inst.elementId, phase, message);
  }

  /** record an incident (and tell the host); public for joins.ts */
  raise(instanceId: number | undefined, elementId: string, phase: IncidentPhase, message: string): void {
    const id = this.state.nextIncidentId++;
    const inst = instanceId === undefined ? undefined : this.state.instances[instanceId];
    if (inst && phase !== 'join') inst.state = 'incident';
    this.state.incidents.push({ id, elementId, instanceId, phase, message, createdAt: this.iso() });
    this.emit({ type: 'incident', key: `incident:${id}`, elementId, message });
  }

  /** Run a step; any error becomes an incident on the instance instead of a crash. */
  private guard(inst: ElementInstance, phase: 'activate' | 'complete', fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (e) {
      if (e instanceof TaskRejectedError || e instanceof NoIncidentError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      if (this.state.instances[inst.id]) this.incident(inst, phase, `${inst.elementId}: ${msg}`);
      return false;
    }
  }

  private waitsInOrder(): Wait[] {
    return Object.values(this.state.waits).sort((a, b) => a.seq - b.seq);
  }

  private iso(): string {
    return new Date(this.now).toISOString();
  }
}

export { NoIncidentError, stateView, TaskRejectedError };
