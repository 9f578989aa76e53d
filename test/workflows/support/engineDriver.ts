// Drives the pure token engine the way the Temporal layer does, but by hand: keeps the open
// tasks, armed timers and running activities the effects describe, and advances a fake clock.
import type { ProcessGraph } from '../../../bpmn/graph';
import { TokenEngine, type EngineOptions } from '../../../workflows/engine/engine';
import type { Effect, EngineEvent, Vars } from '../../../workflows/engine/types';

/**
 * The token tests' graphs have form-less user tasks whose completions carry the variables that move
 * tokens (fromA, approved, ...): they test routing and scopes, not forms, so they let undeclared
 * fields through. The form rule has its own tests (engine/tasks.test.ts, workflows/form-fields).
 */
export const FORMLESS_TASKS: EngineOptions = { onlyDeclaredFormFields: () => false };

export class EngineDriver {
  engine: TokenEngine;
  now: number;
  log: Effect[] = [];
  timers = new Map<string, { fireAt: number; elementId: string }>();
  tasks = new Map<string, { elementId: string; variables: Vars }>();
  activities = new Map<string, { activity: string; input: Vars; elementId: string }>();
  children = new Map<string, { processKey: string; variables: Vars; elementId: string }>();

  constructor(graph: ProcessGraph, variables: Vars = {}, now = Date.parse('2026-01-05T08:00:00Z')) {
    this.now = now;
    const { engine, effects } = TokenEngine.start(graph, variables, now, FORMLESS_TASKS);
    this.engine = engine;
    this.apply(effects);
  }

  private apply(effects: Effect[]): void {
    for (const e of effects) {
      this.log.push(e);
      if (e.type === 'startTimer') this.timers.set(e.key, { fireAt: e.fireAt, elementId: e.elementId });
      else if (e.type === 'cancelTimer') this.timers.delete(e.key);
      else if (e.type === 'openTask') this.tasks.set(e.key, { elementId: e.task.elementId, variables: e.variables });
      else if (e.type === 'closeTask') this.tasks.delete(e.key);
      else if (e.type === 'callActivity') this.activities.set(e.key, { activity: e.activity, input: e.input, elementId: e.elementId });
      else if (e.type === 'cancelActivity') this.activities.delete(e.key);
      else if (e.type === 'startChild') this.children.set(e.key, { processKey: e.processKey, variables: e.variables, elementId: e.elementId });
      else if (e.type === 'cancelChild') this.children.delete(e.key);
    }
  }

  send(ev: EngineEvent): Effect[] {
    const effects = this.engine.handle(ev, this.now);
    this.apply(effects);
    return effects;
  }

  get status() {
    return this.engine.view().status;
  }

  taskKeys(elementId: string): string[] {
    return [...this.tasks].filter(([, t]) => t.elementId === elementId).map(([k]) => k);
  }

  complete(elementId: string, variables: Vars = {}, by = 'official:test', index = 0): Effect[] {
    const key = this.taskKeys(elementId)[index];
    if (!key) throw new Error(`no open task on ${elementId}; open: ${[...this.tasks.values()].map((t) => t.elementId).join(', ')}`);
    return this.send({ type: 'taskCompleted', taskKey: key, completedBy: by, variables });
  }

  /** Advance the clock to the next armed timer and fire it (and any others due at that instant). */
  advanceToNextTimer(): string {
    const next = [...this.timers].sort((a, b) => a[1].fireAt - b[1].fireAt)[0];
    if (!next) throw new Error('no timer armed');
    this.now = Math.max(this.now, next[1].fireAt);
    this.timers.delete(next[0]);
    this.send({ type: 'timerFired', key: next[0] });
    return next[1].elementId;
  }

  advanceBy(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.fireAt <= until).sort((a, b) => a[1].fireAt - b[1].fireAt)[0];
      if (!due) break;
      this.now = Math.max(this.now, due[1].fireAt);
      this.timers.delete(due[0]);
      this.send({ type: 'timerFired', key: due[0] });
    }
    this.now = until;
  }

  finishActivity(elementId: string, result: unknown): Effect[] {
    const key = [...this.activities].find(([, a]) => a.elementId === elementId)?.[0];
    if (!key) throw new Error(`no running activity on ${elementId}`);
    this.activities.delete(key);
    return this.send({ type: 'activityCompleted', key, result });
  }

  failActivity(elementId: string, message: string, errorCode?: string): Effect[] {
    const key = [...this.activities].find(([, a]) => a.elementId === elementId)?.[0];
    if (!key) throw new Error(`no running activity on ${elementId}`);
    this.activities.delete(key);
    return this.send({ type: 'activityFailed', key, message, errorCode });
  }

  visited(): string[] {
    return this.engine.view().visited.map((v) => v.elementId);
  }

  outcomeOf(elementId: string): string[] {
    return this.engine.view().visited.filter((v) => v.elementId === elementId).map((v) => v.outcome);
  }
}
