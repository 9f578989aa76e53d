// Embedded sub-process (a scope whose tokens run inside) and call activity (a child workflow).
import type { CallActivity, SubProcess } from '../../../bpmn/graph';
import { BpmnModelError } from '../context';
import type { ElementBehaviour } from './behaviour';

export const subProcess: ElementBehaviour<SubProcess> = {
  activate(ctx, inst, el) {
    const start = el.startIds[0];
    if (!start) throw new BpmnModelError(el.id, `sub-process ${el.id} has no start event`);
    inst.open = true;
    ctx.enter(start, inst.id);
  },
};

export const callActivity: ElementBehaviour<CallActivity> = {
  activate(ctx, inst, el) {
    const variables = el.propagateAllVariables === false ? { ...inst.vars } : ctx.vars(inst);
    const key = ctx.key('child', inst);
    ctx.addWait({ key, type: 'child', instanceId: inst.id, elementId: el.id });
    ctx.emit({ type: 'startChild', key, elementId: el.id, processKey: el.calledProcessKey, variables });
  },
  onEvent(ctx, inst, el, _wait, ev) {
    if (ev.type === 'childCompleted') ctx.complete(inst, { variables: ev.variables });
    else if (ev.type === 'childFailed') {
      if (ev.errorCode !== undefined) ctx.throwError(inst, ev.errorCode, ev.message);
      else ctx.incident(inst, 'activate', `called process ${el.calledProcessKey} of ${el.id} failed: ${ev.message}`);
    }
  },
};
