// Gateways choose flows when a token arrives; joining (parallel, inclusive) is the engine's work,
// because it needs to see every token in the scope.
import type { Gateway } from '../../../bpmn/graph';
import { BpmnModelError, type EngineContext } from '../context';
import type { ElementInstance } from '../types';
import type { ElementBehaviour } from './behaviour';

function conditionHolds(ctx: EngineContext, inst: ElementInstance, flowId: string): boolean {
  const f = ctx.flow(flowId);
  return f.condition === undefined || f.condition.trim() === '' ? true : ctx.evaluateBoolean(f.condition, inst);
}

export const exclusiveGateway: ElementBehaviour<Gateway> = {
  activate(ctx, inst, el) {
    if (el.outgoing.length <= 1) return ctx.complete(inst);
    for (const f of el.outgoing) {
      if (f !== el.defaultFlow && conditionHolds(ctx, inst, f)) return ctx.complete(inst, { flows: [f] });
    }
    if (el.defaultFlow) return ctx.complete(inst, { flows: [el.defaultFlow] });
    throw new BpmnModelError(el.id, `no outgoing flow of exclusive gateway ${el.id} has a true condition, and it has no default flow`);
  },
};

export const inclusiveGateway: ElementBehaviour<Gateway> = {
  activate(ctx, inst, el) {
    if (el.outgoing.length <= 1) return ctx.complete(inst);
    const taken = el.outgoing.filter((f) => f !== el.defaultFlow && conditionHolds(ctx, inst, f));
    if (taken.length > 0) return ctx.complete(inst, { flows: taken });
    if (el.defaultFlow) return ctx.complete(inst, { flows: [el.defaultFlow] });
    throw new BpmnModelError(el.id, `no outgoing flow of inclusive gateway ${el.id} has a true condition, and it has no default flow`);
  },
};

export const parallelGateway: ElementBehaviour<Gateway> = {
  activate(ctx, inst, el) {
    ctx.complete(inst, { flows: el.outgoing });
  },
};

/** Waits on every event after it; the first to happen wins and the others are withdrawn. */
export const eventBasedGateway: ElementBehaviour<Gateway> = {
  activate(ctx, inst, el) {
    for (const f of el.outgoing) {
      const target = ctx.element(ctx.flow(f).target);
      if (target.kind !== 'intermediateCatchEvent') throw new BpmnModelError(el.id, `event-based gateway ${el.id} leads to ${target.id}, which is not a catch event`);
      const ev = target.event;
      if (ev.type === 'timer') ctx.timerWait(inst, target.id, ev.timer, inst);
      else if (ev.type === 'message') ctx.messageWait(inst, target.id, ev.messageName, ev.correlationKey, inst);
      else throw new BpmnModelError(target.id, `${target.id} after event-based gateway ${el.id} must be a timer or message catch`);
    }
  },
  onEvent(ctx, inst, _el, wait, ev) {
    ctx.removeWaitsOf(inst.id, true);
    const scopeId = inst.scopeId!;
    ctx.complete(inst, { flows: [] });
    ctx.enter(wait.elementId, scopeId, ev.type === 'messageReceived' ? (ev.variables ?? {}) : {});
  },
};
