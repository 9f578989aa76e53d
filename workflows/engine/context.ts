// What element behaviours may ask of the engine. Kept as an interface so behaviours stay small
// and do not reach into the engine's state layout.
import type { GraphElement, SequenceFlow, TimerDefinition } from '../../bpmn/graph';
import type { Effect, ElementInstance, Vars, VisitOutcome, Wait } from './types';

export interface CompleteOptions {
  /** variables the element produced (task form, activity result, child variables, message payload) */
  variables?: Vars;
  /** flows to leave by; default: every outgoing flow whose condition holds */
  flows?: string[];
  by?: string;
}

export interface EngineContext {
  readonly now: number;
  element(id: string): GraphElement;
  flow(id: string): SequenceFlow;
  instance(id: number): ElementInstance | undefined;
  /** variables visible from an instance: its own, then each enclosing scope's */
  vars(inst: ElementInstance): Vars;
  /** cancel an instance and everything inside it */
  terminate(inst: ElementInstance, outcome: VisitOutcome, reason: string): void;
  childrenOf(id: number): ElementInstance[];
  /** start one iteration of a multi-instance activity inside its body */
  enterInner(body: ElementInstance, index: number, locals: Vars): ElementInstance;
  evaluate(expr: string, inst: ElementInstance, extra?: Vars): unknown;
  evaluateBoolean(expr: string, inst: ElementInstance, extra?: Vars): boolean;
  /** whether a completion condition sees the output collection as gathered so far (false only for histories recorded before) */
  completionSeesOutputCollection(): boolean;
  emit(effect: Effect): void;
  complete(inst: ElementInstance, opts?: CompleteOptions): void;
  /** start a token at an element inside a scope instance */
  enter(elementId: string, scopeId: number, triggered?: Vars): ElementInstance;
  addWait(wait: Omit<Wait, 'seq'>): Wait;
  removeWaitsOf(instId: number, cancel: boolean): void;
  timerWait(owner: ElementInstance, elementId: string, timer: TimerDefinition, evalAt: ElementInstance): Wait;
  messageWait(owner: ElementInstance, elementId: string, messageName: string, correlationKey: string | undefined, evalAt: ElementInstance): Wait;
  throwError(from: ElementInstance, errorCode: string | undefined, message: string): void;
  /** returns false when the thrower was itself interrupted by the catch */
  throwEscalation(from: ElementInstance, escalationCode: string | undefined, fromSelf?: boolean): boolean;
  terminateScopeOf(inst: ElementInstance): void;
  incident(inst: ElementInstance, phase: 'activate' | 'complete', message: string): void;
  key(prefix: string, inst: ElementInstance, elementId?: string): string;
}

export class BpmnModelError extends Error {
  constructor(
    readonly elementId: string,
    message: string,
  ) {
    super(message);
    this.name = 'BpmnModelError';
  }
}
