// The deadlines an instance is waiting for, in words a person can act on: each armed timer (a drawn
// wait such as a statutory publicity period, a drawn deadline on an activity, a generated reminder
// or escalation step) and each open task's due date, with when it falls due and what happens then.
// Read from the engine's waits for the state query only: nothing here is recorded in history.
import type { GraphElement, ProcessGraph } from '../../bpmn/graph';
import type { EngineState, Wait } from './types';

export type PendingTimerKind = 'wait' | 'deadline' | 'reminder' | 'escalation';

export interface PendingTimer {
  /** the engine's key of the wait (timer key, or the task key for a task's own due date) */
  key: string;
  kind: PendingTimerKind;
  /** the timer's element (the task itself for a task's due date) */
  elementId: string;
  name?: string;
  /** generated reminder/escalation timers: the task (or activity) whose deadline they belong to */
  generatedFor?: string;
  generatedForName?: string;
  dueAt: string;
  then: {
    /** continue: the process goes on past the wait; interrupt: the activity is cut short; remind / escalate: a notice is sent; overdue: the task is shown overdue */
    action: 'continue' | 'interrupt' | 'remind' | 'escalate' | 'overdue';
    /** escalate: the org level told */
    level?: string;
    /** continue / interrupt: where the process goes next */
    next?: { elementId: string; name?: string }[];
  };
  /** the same in one English sentence */
  description: string;
}

const label = (el: GraphElement | undefined, id: string) => (el?.name ? `${el.name} (${id})` : id);

/** Escalation level k of a generated `<host>__escalation_<k>` timer: from the host's chain, else the notify task's input. */
function escalationLevel(graph: ProcessGraph, timer: GraphElement): string | undefined {
  const k = Number(/__escalation_(\d+)$/.exec(timer.id)?.[1]);
  const host = timer.generatedFor ? graph.elements[timer.generatedFor] : undefined;
  const fromChain = host?.kind === 'userTask' ? host.escalation?.[k - 1]?.level : undefined;
  if (fromChain) return fromChain;
  const notify = graph.elements[`${timer.id}_notify`];
  const source = notify?.kind === 'serviceTask' ? notify.input.find((m) => m.target === 'level')?.source : undefined;
  try {
    return source ? String(JSON.parse(source)) : undefined;
  } catch {
    return undefined;
  }
}

function nextOf(graph: ProcessGraph, el: GraphElement): { elementId: string; name?: string }[] {
  return el.outgoing.flatMap((f) => {
    const target = graph.flows[f]?.target;
    if (!target) return [];
    const name = graph.elements[target]?.name;
    return [{ elementId: target, ...(name ? { name } : {}) }];
  });
}

function describeTimer(graph: ProcessGraph | undefined, w: Wait, dueAt: string): PendingTimer {
  const el = graph?.elements[w.elementId];
  const base = { key: w.key, elementId: w.elementId, ...(el?.name ? { name: el.name } : {}), dueAt };
  if (!graph || !el) return { ...base, kind: 'wait', then: { action: 'continue' }, description: `timer ${w.elementId} falls due at ${dueAt}` };
  const next = nextOf(graph, el);
  const nextText = next.map((n) => label(graph.elements[n.elementId], n.elementId)).join(', ') || 'the end of its path';
  if (el.generated && el.generatedFor) {
    const host = graph.elements[el.generatedFor];
    const forPart = { generatedFor: el.generatedFor, ...(host?.name ? { generatedForName: host.name } : {}) };
    if (/__reminder$/.test(el.id)) {
      return { ...base, ...forPart, kind: 'reminder', then: { action: 'remind' }, description: `${dueAt}: reminder to whoever has ${label(host, el.generatedFor)}` };
    }
    const level = escalationLevel(graph, el);
    return {
      ...base, ...forPart, kind: 'escalation', then: { action: 'escalate', ...(level ? { level } : {}) },
      description: `${dueAt}: ${label(host, el.generatedFor)} is overdue and escalated${level ? ` to the ${level} level` : ''}`,
    };
  }
  if (el.kind === 'boundaryEvent') {
    const activity = label(graph.elements[el.attachedTo], el.attachedTo);
    const action = el.cancelActivity ? 'interrupt' : 'continue';
    const what = el.cancelActivity ? `${activity} is cut short and the process goes on to ${nextText}` : `${nextText} starts while ${activity} goes on`;
    return { ...base, kind: 'deadline', then: { action, next }, description: `${dueAt}: deadline of ${activity}: ${what}` };
  }
  return { ...base, kind: 'wait', then: { action: 'continue', next }, description: `${dueAt}: ${label(el, el.id)} ends and the process goes on to ${nextText}` };
}

/** Every armed timer and every open task's due date, soonest first. `graph` absent (a run before its graph is loaded): ids only. */
export function pendingTimers(state: EngineState, graph?: ProcessGraph): PendingTimer[] {
  const out: PendingTimer[] = [];
  for (const w of Object.values(state.waits)) {
    if (w.type === 'timer' && w.fireAt !== undefined) out.push(describeTimer(graph, w, new Date(w.fireAt).toISOString()));
    else if (w.type === 'task' && w.task?.dueAt) {
      const name = w.task.name;
      out.push({
        key: w.key, kind: 'deadline', elementId: w.elementId, name, dueAt: w.task.dueAt, then: { action: 'overdue' },
        description: `${w.task.dueAt}: ${name} (${w.elementId}) is due and shown overdue`,
      });
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key));
}
