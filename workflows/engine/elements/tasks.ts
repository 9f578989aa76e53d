// Plain (none/manual) tasks pass through; the others wait for the outside world.
import type { PlainTask, ServiceTask, UserTask } from '../../../bpmn/graph';
import { BpmnModelError } from '../context';
import { addDuration, looksLikeIsoTime } from '../isoTime';
import type { OpenTask, Vars } from '../types';
import type { ElementBehaviour } from './behaviour';

export const task: ElementBehaviour<PlainTask> = {
  activate(ctx, inst) {
    ctx.complete(inst);
  },
};

function asStringList(elementId: string, what: string, v: unknown): string[] {
  if (v === null) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new BpmnModelError(elementId, `${what} of ${elementId} gave ${JSON.stringify(v)}, not a list of identity strings`);
}

export const userTask: ElementBehaviour<UserTask> = {
  activate(ctx, inst, el) {
    let assignee: string | undefined;
    if (el.assignee) {
      const a = ctx.evaluate(el.assignee, inst);
      if (a !== null && typeof a !== 'string') throw new BpmnModelError(el.id, `assignee of ${el.id} gave ${JSON.stringify(a)}, not an identity string`);
      assignee = a ?? undefined;
    }
    const candidateGroups = el.candidateGroups ? asStringList(el.id, 'candidateGroups', ctx.evaluate(el.candidateGroups, inst)) : [];
    let dueAt: string | undefined;
    if (el.dueIn) {
      const iso = looksLikeIsoTime(el.dueIn) ? el.dueIn : ctx.evaluate(el.dueIn, inst);
      if (typeof iso !== 'string') throw new BpmnModelError(el.id, `dueIn of ${el.id} gave ${JSON.stringify(iso)}, not an ISO duration`);
      dueAt = new Date(addDuration(ctx.now, iso)).toISOString();
    }
    const taskKey = `${el.id}#${inst.id}`;
    const open: OpenTask = { taskKey, elementId: el.id, name: el.name ?? el.id, assignee, candidateGroups, dueAt, formFields: el.formFields ?? [] };
    ctx.addWait({ key: taskKey, type: 'task', instanceId: inst.id, elementId: el.id, task: open });
    ctx.emit({ type: 'openTask', key: taskKey, task: open, variables: ctx.vars(inst) });
  },
  onEvent(ctx, inst, _el, wait, ev) {
    if (ev.type !== 'taskCompleted') return;
    ctx.emit({ type: 'closeTask', key: wait.key, outcome: 'completed', completedBy: ev.completedBy, variables: ev.variables });
    ctx.complete(inst, { variables: ev.variables ?? {}, by: ev.completedBy });
  },
};

/** A service task calls a registered activity by name; `gridflow.notify` is one of them. */
export const serviceTask: ElementBehaviour<ServiceTask> = {
  activate(ctx, inst, el) {
    const input: Vars = {};
    for (const m of el.input ?? []) input[m.target] = ctx.evaluate(m.source, inst);
    const key = ctx.key('activity', inst);
    ctx.addWait({ key, type: 'activity', instanceId: inst.id, elementId: el.id });
    // a generated reminder/escalation names the task whose deadline fired it (userTask keys are `${elementId}#${instanceId}`)
    const taskKey =
      el.generatedFor !== undefined && inst.raisedBy !== undefined && ctx.element(el.generatedFor).kind === 'userTask' ? `${el.generatedFor}#${inst.raisedBy}` : undefined;
    ctx.emit({ type: 'callActivity', key, elementId: el.id, activity: el.activity, input, retries: el.retries, ...(taskKey ? { taskKey } : {}) });
  },
  onEvent(ctx, inst, el, _wait, ev) {
    if (ev.type === 'activityCompleted') {
      const r = ev.result;
      let variables: Vars = {};
      if (el.resultVariable) variables = { [el.resultVariable]: r ?? null };
      else if (r !== null && typeof r === 'object' && !Array.isArray(r)) variables = r as Vars;
      ctx.complete(inst, { variables });
    } else if (ev.type === 'activityFailed') {
      if (ev.errorCode !== undefined) ctx.throwError(inst, ev.errorCode, ev.message);
      else ctx.incident(inst, 'activate', `activity ${el.activity} of ${el.id} failed: ${ev.message}`);
    }
  },
};
