// Start, end, intermediate throw/catch and boundary events.
import type { BoundaryEvent, EndEvent, IntermediateCatchEvent, IntermediateThrowEvent, StartEvent } from '../../../bpmn/graph';
import { BpmnModelError } from '../context';
import type { ElementBehaviour } from './behaviour';

/** A start event inside a started scope has already happened: pass through. */
export const startEvent: ElementBehaviour<StartEvent> = {
  activate(ctx, inst) {
    ctx.complete(inst, { variables: inst.triggered });
  },
};

export const endEvent: ElementBehaviour<EndEvent> = {
  activate(ctx, inst, el) {
    switch (el.event.type) {
      case 'terminate':
        ctx.complete(inst);
        ctx.terminateScopeOf(inst);
        return;
      case 'error':
        ctx.throwError(inst, el.event.errorCode, `error end event ${el.id}${el.event.errorCode ? ` (${el.event.errorCode})` : ''}`);
        return;
      case 'escalation':
        if (ctx.throwEscalation(inst, el.event.escalationCode)) ctx.complete(inst);
        return;
      default:
        ctx.complete(inst);
    }
  },
};

export const intermediateThrowEvent: ElementBehaviour<IntermediateThrowEvent> = {
  activate(ctx, inst, el) {
    if (el.event.type === 'escalation') {
      if (ctx.throwEscalation(inst, el.event.escalationCode)) ctx.complete(inst);
      return;
    }
    ctx.complete(inst);
  },
};

/** Timer or message catch; after an event-based gateway it arrives already triggered. */
export const intermediateCatchEvent: ElementBehaviour<IntermediateCatchEvent> = {
  activate(ctx, inst, el) {
    if (inst.triggered) {
      ctx.complete(inst, { variables: inst.triggered });
      return;
    }
    const ev = el.event;
    if (ev.type === 'timer') ctx.timerWait(inst, el.id, ev.timer, inst);
    else if (ev.type === 'message') ctx.messageWait(inst, el.id, ev.messageName, ev.correlationKey, inst);
    else throw new BpmnModelError(el.id, `intermediate catch event ${el.id} has an unsupported event type ${ev.type}`);
  },
  onEvent(ctx, inst, _el, _wait, ev) {
    ctx.complete(inst, { variables: ev.type === 'messageReceived' ? ev.variables : undefined });
  },
};

/** A boundary instance exists only once its event has happened: it passes the token on. */
export const boundaryEvent: ElementBehaviour<BoundaryEvent> = {
  activate(ctx, inst) {
    ctx.complete(inst, { variables: inst.triggered });
  },
};
