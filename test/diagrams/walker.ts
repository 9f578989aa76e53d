// Drives the interpreter's token engine (workflows/engine) through a shipped diagram without
// Temporal: service activities run for real (the domain registry on a test database, in the SDK's
// activity context), gridflow.notify is recorded, timers fire when the test moves the clock, and a
// call activity starts a child walker the test completes tasks in. What a person would see of an
// instance: its open tasks, the notifications sent, its variables and where it ended.
// Its notify passes what the diagrams mean, as the Temporal host (workflows/host/effects.ts) does:
// the drawn kind and message, and the taskKey of the one open task a reminder or escalation is
// about, so the task records the level reached.
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ProcessGraph } from '../../bpmn/graph';
import { TokenEngine } from '../../workflows/engine/engine';
import type { Effect, OpenTask, Vars } from '../../workflows/engine/types';
import type { EngineActivities, InstanceRef, NotificationKind } from '../../activities/contract';

export type ActivityFn = (input: Vars) => Promise<unknown> | unknown;

export interface Notification {
  workflowId: string;
  activity: string;
  input: Vars;
}

export interface WalkerWorld {
  graphs: Record<string, ProcessGraph>;
  activities: Record<string, ActivityFn>;
  notifications: Notification[];
  now: number;
  /** when given, tasks and notifications become rows through the engine's own activities */
  engine?: { activities: EngineActivities; versionIds: Record<string, string> };
}

const DAY = 86_400_000;

export class Walker {
  readonly engine: TokenEngine;
  readonly tasks = new Map<string, OpenTask>();
  readonly cancelled: { key: string; reason?: string }[] = [];
  readonly timers = new Map<string, { fireAt: number; elementId: string }>();
  readonly children = new Map<string, Walker>();
  result?: { status: 'completed'; variables: Vars } | { status: 'failed'; message: string };
  incidents: { elementId: string; message: string }[] = [];
  private queue: Effect[] = [];
  private notifySeq = 0;
  readonly ref: InstanceRef;

  private constructor(
    readonly world: WalkerWorld,
    readonly workflowId: string,
    graph: ProcessGraph,
    variables: Vars,
    private onDone?: (w: Walker) => Promise<void>,
  ) {
    const anchor = variables.compoundCode ?? variables.unitCode;
    this.ref = {
      workflowId,
      processKey: graph.processKey,
      versionId: world.engine?.versionIds[graph.processKey] ?? 'none',
      anchorUnit: typeof anchor === 'string' ? anchor : undefined,
    };
    const { engine, effects } = TokenEngine.start(graph, variables, world.now);
    this.engine = engine;
    this.queue.push(...effects);
  }

  static async start(world: WalkerWorld, processKey: string, variables: Vars, workflowId = `${processKey}-1`, onDone?: (w: Walker) => Promise<void>): Promise<Walker> {
    const graph = world.graphs[processKey];
    if (!graph) throw new Error(`no graph for ${processKey}`);
    const w = new Walker(world, workflowId, graph, variables, onDone);
    await w.drain();
    return w;
  }

  get variables(): Vars {
    return this.engine.view().variables;
  }

  openTasks(elementId?: string): OpenTask[] {
    return [...this.tasks.values()].filter((t) => elementId === undefined || t.elementId === elementId);
  }

  async complete(task: OpenTask | string, variables: Vars, by = 'tester'): Promise<void> {
    const t = typeof task === 'string' ? this.only(task) : task;
    this.queue.push(...this.engine.handle({ type: 'taskCompleted', taskKey: t.taskKey, completedBy: by, variables }, this.world.now));
    await this.drain();
  }

  only(elementId: string): OpenTask {
    const open = this.openTasks(elementId);
    if (open.length !== 1) throw new Error(`${this.workflowId}: expected one open ${elementId}, found ${open.length} (open: ${[...this.tasks.values()].map((t) => t.elementId).join(', ')})`);
    return open[0];
  }

  /** Moves the clock of the whole world forward by `days`, firing due timers in time order, children too. */
  async advanceDays(days: number): Promise<void> {
    const until = this.world.now + days * DAY;
    for (;;) {
      const next = this.nextTimer(until);
      if (!next) break;
      this.world.now = Math.max(this.world.now, next.fireAt);
      await next.walker.fire(next.key);
    }
    this.world.now = until;
  }

  private nextTimer(until: number): { walker: Walker; key: string; fireAt: number } | undefined {
    let best: { walker: Walker; key: string; fireAt: number } | undefined;
    const visit = (w: Walker) => {
      for (const [key, t] of w.timers) if (t.fireAt <= until && (!best || t.fireAt < best.fireAt)) best = { walker: w, key, fireAt: t.fireAt };
      for (const c of w.children.values()) visit(c);
    };
    visit(this);
    return best;
  }

  private async fire(key: string): Promise<void> {
    this.timers.delete(key);
    this.queue.push(...this.engine.handle({ type: 'timerFired', key }, this.world.now));
    await this.drain();
  }

  /** the engine's notify, told which open task a generated reminder or escalation is about */
  private async notify(elementId: string, input: Vars): Promise<void> {
    const engine = this.world.engine;
    if (!engine) return;
    const about = typeof input.taskElementId === 'string' ? this.openTasks(input.taskElementId) : [];
    await engine.activities.notify({
      ...this.ref,
      key: `${elementId}#${++this.notifySeq}`,
      kind: input.kind as NotificationKind,
      recipients: input.recipients as string[],
      taskKey: about.length === 1 ? about[0].taskKey : undefined,
      elementId,
      level: typeof input.level === 'string' ? input.level : undefined,
      message: typeof input.message === 'string' ? input.message : `${String(input.taskName ?? elementId)}: ${String(input.kind)}`,
    });
  }

  private inActivityContext<T>(fn: () => Promise<T> | T): Promise<T> {
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: this.workflowId, runId: 'run' } });
    return env.run(async () => fn());
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const e = this.queue.shift()!;
      switch (e.type) {
        case 'openTask':
          this.tasks.set(e.key, e.task);
          await this.world.engine?.activities.openUserTask({ ...this.ref, ...e.task, taskKey: e.key, variables: e.variables });
          break;
        case 'closeTask':
          this.tasks.delete(e.key);
          if (e.outcome === 'cancelled') this.cancelled.push({ key: e.key, reason: e.reason });
          await this.world.engine?.activities.closeUserTask({ workflowId: this.workflowId, taskKey: e.key, outcome: e.outcome, completedBy: e.completedBy, reason: e.reason, variables: e.variables });
          break;
        case 'startTimer':
          this.timers.set(e.key, { fireAt: e.fireAt, elementId: e.elementId });
          break;
        case 'cancelTimer':
          this.timers.delete(e.key);
          break;
        case 'callActivity': {
          if (e.activity === 'gridflow.notify') {
            this.world.notifications.push({ workflowId: this.workflowId, activity: e.activity, input: e.input });
            await this.notify(e.elementId, e.input);
            this.queue.push(...this.engine.handle({ type: 'activityCompleted', key: e.key, result: null }, this.world.now));
            break;
          }
          const fn = this.world.activities[e.activity];
          if (!fn) throw new Error(`no activity ${e.activity}`);
          let ev;
          try {
            ev = { type: 'activityCompleted' as const, key: e.key, result: await this.inActivityContext(() => fn(e.input)) };
          } catch (err) {
            ev = { type: 'activityFailed' as const, key: e.key, message: err instanceof Error ? err.message : String(err) };
          }
          this.queue.push(...this.engine.handle(ev, this.world.now));
          break;
        }
        case 'cancelActivity':
          break;
        case 'startChild': {
          const child = await Walker.start(this.world, e.processKey, e.variables, `${this.workflowId}/${e.key}`, async (c) => {
            this.children.delete(e.key);
            const ev =
              c.result?.status === 'completed'
                ? { type: 'childCompleted' as const, key: e.key, variables: c.result.variables }
                : { type: 'childFailed' as const, key: e.key, message: c.result?.status === 'failed' ? c.result.message : 'unknown' };
            this.queue.push(...this.engine.handle(ev, this.world.now));
            await this.drain();
          });
          if (!child.result) this.children.set(e.key, child);
          break;
        }
        case 'cancelChild':
          this.children.delete(e.key);
          break;
        case 'incident':
          this.incidents.push({ elementId: e.elementId, message: e.message });
          break;
        case 'complete':
          this.result = { status: 'completed', variables: e.variables };
          break;
        case 'fail':
          this.result = { status: 'failed', message: e.message };
          break;
      }
    }
    if (this.result && this.onDone) {
      const done = this.onDone;
      this.onDone = undefined; // the parent hears of the end once
      await done(this);
    }
  }
}

/** every walker of the tree: the instance and its running children */
export function allWalkers(w: Walker): Walker[] {
  return [w, ...[...w.children.values()].flatMap(allWalkers)];
}
