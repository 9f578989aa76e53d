// Timer start events as Temporal Schedules: one schedule per (process, timer start event), kept in
// line with the latest deployed version. Only the SDK's schedule client is used, so this works the
// same against the embedded service and a real cluster.
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type CalendarSpec, type Client, type ScheduleSpec } from '@temporalio/client';
import type { PrismaClient } from '@prisma/client';
import type { ProcessGraph, StartEvent, TimerDefinition } from '../../bpmn/graph';
import { addDuration } from '../../bpmn/iso-time';
import { startPlan, type StartPlan } from '../../bpmn/timer-start';
import type { BpmnProcessInput } from '../../workflows/api';
import { WORKFLOW_TYPE } from './temporal-engine';

const PREFIX = 'gridflow-start:';
/** an XML name without ':' (what BPMN ids are) */
const XML_NAME = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;

/** process keys and element ids are XML names (no ':'), so the id splits back unambiguously */
export function startScheduleId(processKey: string, startEventId: string): string {
  return `${PREFIX}${processKey}:${startEventId}`;
}

export function parseStartScheduleId(id: string): { processKey: string; startEventId: string } | null {
  if (!id.startsWith(PREFIX)) return null;
  const [processKey, startEventId, ...rest] = id.slice(PREFIX.length).split(':');
  return rest.length === 0 && XML_NAME.test(processKey ?? '') && XML_NAME.test(startEventId ?? '') ? { processKey, startEventId } : null;
}

/** the process-level timer start events of a graph */
export function timerStarts(graph: ProcessGraph): (StartEvent & { event: { type: 'timer'; timer: TimerDefinition } })[] {
  return graph.startIds
    .map((id) => graph.elements[id])
    .filter((el): el is StartEvent & { event: { type: 'timer'; timer: TimerDefinition } } => el?.kind === 'startEvent' && el.event.type === 'timer');
}

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;

/** a plan as a schedule spec (UTC) and how many starts it may make */
export function scheduleSpecOf(plan: StartPlan): { spec: ScheduleSpec; remainingActions?: number } {
  // a limited cycle also ends at its last start, so the next start times listed stop there too
  if (plan.kind === 'every') {
    const endAt = plan.count ? { endAt: new Date(plan.firstMs + (plan.count - 1) * plan.everyMs) } : {};
    return {
      spec: { intervals: [{ every: plan.everyMs, offset: plan.firstMs % plan.everyMs }], startAt: new Date(plan.firstMs), ...endAt },
      remainingActions: plan.count,
    };
  }
  const at = new Date(plan.kind === 'once' ? plan.atMs : plan.firstMs);
  const time: CalendarSpec = { second: at.getUTCSeconds(), minute: at.getUTCMinutes(), hour: at.getUTCHours(), dayOfMonth: at.getUTCDate() };
  if (plan.kind === 'once') {
    return { spec: { calendars: [{ ...time, month: MONTHS[at.getUTCMonth()], year: at.getUTCFullYear() }] }, remainingActions: 1 };
  }
  const m0 = at.getUTCMonth();
  const calendar: CalendarSpec =
    plan.months % 12 === 0
      ? { ...time, month: MONTHS[m0], year: plan.months === 12 ? '*' : { start: at.getUTCFullYear(), end: 9999, step: plan.months / 12 } }
      : { ...time, month: { start: MONTHS[m0 % plan.months], end: 'DECEMBER', step: plan.months } };
  const endAt = plan.count ? { endAt: new Date(addDuration(plan.firstMs, `P${plan.months * (plan.count - 1)}M`)) } : {};
  return { spec: { calendars: [calendar], startAt: at, ...endAt }, remainingActions: plan.count };
}

export interface DeployedVersionRef {
  id: string;
  processKey: string;
  createdAt: Date;
}

export interface StartScheduleView {
  id: string;
  processKey: string;
  startEventId: string;
  versionId: string;
  paused: boolean;
  /** starts it may still make; null = no limit */
  remainingStarts: number | null;
  startsSoFar: number;
  nextStartTimes: string[];
  recentStarts: { scheduledAt: string; instanceId: string }[];
}

export class StartSchedules {
  constructor(private readonly options: { client: Client; taskQueue: string }) {}

  private async idsOf(processKey?: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const s of this.options.client.schedule.list()) {
      const parsed = parseStartScheduleId(s.scheduleId);
      if (parsed && (processKey === undefined || parsed.processKey === processKey)) ids.push(s.scheduleId);
    }
    return ids.sort();
  }

  /**
   * Makes the schedules of a process match `version` (its latest): each timer start event gets a
   * schedule starting that version; schedules of timer starts it no longer has are deleted (the
   * instances they started keep running). Idempotent: deploying the same diagram again repairs.
   */
  async sync(version: DeployedVersionRef, graph: ProcessGraph): Promise<string[]> {
    const wanted = new Map(timerStarts(graph).map((el) => [startScheduleId(version.processKey, el.id), el]));
    for (const id of await this.idsOf(version.processKey)) {
      if (!wanted.has(id)) await this.options.client.schedule.getHandle(id).delete();
    }
    for (const [scheduleId, el] of wanted) {
      const { spec, remainingActions } = scheduleSpecOf(startPlan(el.event.timer, version.createdAt.getTime()));
      const input: BpmnProcessInput = { versionId: version.id, processKey: version.processKey, variables: {}, startedBy: `schedule:${scheduleId}`, startEventId: el.id };
      const action = {
        type: 'startWorkflow' as const,
        workflowType: WORKFLOW_TYPE,
        taskQueue: this.options.taskQueue,
        workflowId: `${version.processKey}-scheduled-${el.id}`,
        args: [input],
      };
      // each start is its own instance (a yearly round may outlast the year)
      const policies = { overlap: ScheduleOverlapPolicy.ALLOW_ALL };
      const note = `timer start ${el.id} (${el.event.timer.kind} ${el.event.timer.value}) of ${version.id}`;
      const handle = this.options.client.schedule.getHandle(scheduleId);
      let exists = true;
      try {
        await handle.describe();
      } catch (e) {
        if (!(e instanceof ScheduleNotFoundError)) throw e;
        exists = false;
      }
      if (!exists) {
        await this.options.client.schedule.create({ scheduleId, spec, action, policies, state: { note, remainingActions } });
      } else {
        // a paused schedule stays paused for the new version: an admin paused it on purpose
        await handle.update((prev) => ({ ...prev, spec, action, policies: { ...prev.policies, ...policies }, state: { paused: prev.state.paused, note, remainingActions } }));
      }
    }
    return [...wanted.keys()];
  }

  async list(processKey?: string): Promise<StartScheduleView[]> {
    const out: StartScheduleView[] = [];
    for (const id of await this.idsOf(processKey)) {
      const view = await this.describe(id).catch((e) => {
        if (e instanceof ScheduleNotFoundError) return null; // deleted meanwhile
        throw e;
      });
      if (view) out.push(view);
    }
    return out;
  }

  async describe(id: string): Promise<StartScheduleView> {
    const parsed = parseStartScheduleId(id);
    if (!parsed) throw new ScheduleNotFoundError(`no start schedule ${id}`, id);
    const d = await this.options.client.schedule.getHandle(id).describe();
    const input = (d.action.args?.[0] ?? {}) as Partial<BpmnProcessInput>;
    return {
      id,
      processKey: parsed.processKey,
      startEventId: parsed.startEventId,
      versionId: input.versionId ?? '',
      paused: d.state.paused,
      remainingStarts: d.state.remainingActions ?? null,
      startsSoFar: d.info.numActionsTaken,
      nextStartTimes: d.info.nextActionTimes.map((t) => t.toISOString()),
      recentStarts: d.info.recentActions.map((a) => ({ scheduledAt: a.scheduledAt.toISOString(), instanceId: a.action.workflow.workflowId })),
    };
  }

  async setPaused(id: string, paused: boolean, by: string): Promise<void> {
    const handle = this.options.client.schedule.getHandle(id);
    if (paused) await handle.pause(`paused by ${by}`);
    else await handle.unpause(`resumed by ${by}`);
  }
}

/**
 * After a deploy: the schedules of the process's latest version's timer starts (the latest, not the
 * one just deployed: a concurrent deploy may have made a newer one). A failure here leaves the
 * version stored; deploying the same diagram again returns it and repairs the schedules.
 */
export async function syncStartSchedules(schedules: StartSchedules, prisma: PrismaClient, processKey: string): Promise<string[]> {
  const latest = await prisma.deployment.findFirst({ where: { processKey }, orderBy: { version: 'desc' }, select: { id: true, processKey: true, createdAt: true, graphJson: true } });
  if (!latest) return [];
  return schedules.sync(latest, JSON.parse(latest.graphJson) as ProcessGraph);
}
