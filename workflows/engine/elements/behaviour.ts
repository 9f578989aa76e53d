// The lifecycle every element kind implements (after Zeebe's BpmnElementProcessor): the engine
// calls activate when a token arrives, onEvent when a wait the instance holds is satisfied, and
// terminate when the instance is cancelled from outside (boundary, terminate end, completion
// condition). Waits owned by the instance are cancelled by the engine itself.
import type { GraphElement } from '../../../bpmn/graph';
import type { ElementInstance, EngineEvent, Wait } from '../types';
import type { EngineContext } from '../context';

export interface ElementBehaviour<E extends GraphElement = GraphElement> {
  activate(ctx: EngineContext, inst: ElementInstance, el: E): void;
  onEvent?(ctx: EngineContext, inst: ElementInstance, el: E, wait: Wait, ev: EngineEvent): void;
  terminate?(ctx: EngineContext, inst: ElementInstance, el: E, reason: string): void;
}
