// A human reading of an instance's Temporal history: who did what, when, on which element, with
// which decision. The history says what happened and when (it is the audit record); the Task rows
// add the names of tasks and elements the history refers to by key.
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { History } from '../engine/process-engine';

const EventType = temporal.api.enums.v1.EventType;
type Payload = temporal.api.common.v1.IPayload;

export interface TimelineEntry {
  eventId: number;
  at: string;
  /** username, identity strings, or "system" */
  who: string;
  what: string;
  elementId: string | null;
  /** the values a task was completed with, a cancel reason, a failure message */
  decision: unknown;
}

export interface TaskInfo {
  taskKey: string;
  elementId: string;
  name: string;
}

function decode(payloads: Payload[] | null | undefined): unknown[] {
  return (payloads ?? []).map((p) => {
    try {
      return defaultPayloadConverter.fromPayload(p);
    } catch {
      return null;
    }
  });
}

type Rec = Record<string, unknown>;
const asRec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The element a timer belongs to, from the engine key its start carried as summary (`timer:<elementId>#<n>`). */
function timerElement(e: temporal.api.history.v1.IHistoryEvent): string | null {
  const key = str(decode(e.userMetadata?.summary ? [e.userMetadata.summary] : [])[0]);
  const m = key ? /^timer:(.+)#\d+$/.exec(key) : null;
  return m ? m[1]! : null;
}

/** `elementNames`: the diagram's element names by id (timers are named after their element). */
export function deriveTimeline(history: History, ctx: { startedBy: string | null; tasks: TaskInfo[]; elementNames?: Record<string, string> }): TimelineEntry[] {
  const tasks = new Map(ctx.tasks.map((t) => [t.taskKey, t]));
  const timers = new Map<string, string>();
  const out: TimelineEntry[] = [];
  for (const e of history.events ?? []) {
    const base = { eventId: Number(e.eventId ?? 0), at: new Date(tsToMs(e.eventTime)).toISOString() };
    const push = (who: string, what: string, elementId: string | null, decision: unknown = null) => out.push({ ...base, who, what, elementId, decision });
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const a = e.workflowExecutionStartedEventAttributes;
        if (a?.continuedExecutionRunId) push('system', 'continued as new (history compacted)', null);
        else push(ctx.startedBy ?? 'system', 'started the process', null, asRec(decode(a?.input?.payloads)[0]).variables ?? null);
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const a = e.activityTaskScheduledEventAttributes;
        const type = a?.activityType?.name ?? '';
        const input = asRec(decode(a?.input?.payloads)[0]);
        if (type === 'openUserTask') {
          const who = [str(input.assignee), ...((input.candidateGroups as string[] | undefined) ?? [])].filter(Boolean).join(', ');
          push(who || 'system', `task opened: ${str(input.name) ?? str(input.taskKey)}`, str(input.elementId), input.dueAt ? { dueAt: input.dueAt } : null);
        } else if (type === 'closeUserTask') {
          if (input.outcome === 'cancelled') {
            const t = tasks.get(String(input.taskKey));
            push('system', `task cancelled: ${t?.name ?? input.taskKey}`, t?.elementId ?? null, { reason: input.reason ?? null });
          }
        } else if (type === 'notify') {
          const kind = str(input.kind) ?? 'notification';
          push((input.recipients as string[] | undefined)?.join(', ') ?? '', `notified (${kind}${input.level ? `, level ${input.level}` : ''})`, str(input.elementId), { message: input.message ?? null });
        } else if (type === 'raiseIncident') {
          push('system', 'incident raised', str(input.elementId), { message: input.message ?? null });
        } else if (type !== 'loadGraph' && type !== 'resolveLatestVersion') {
          push('system', `service task: ${type}`, str(input.elementId), null);
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const req = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
        const name = req?.input?.name;
        const arg = asRec(decode(req?.input?.args?.payloads)[0]);
        if (name === 'completeTask') {
          const t = tasks.get(String(arg.taskKey));
          push(str(arg.completedBy) ?? 'unknown', `completed task: ${t?.name ?? arg.taskKey}`, t?.elementId ?? null, arg.variables ?? null);
        } else if (name === 'retryIncident') {
          // the retrying admin is in the update's arguments (histories before that say only "admin")
          push(str(arg.requestedBy) ? `admin:${str(arg.requestedBy)}` : 'admin', 'incident retried', str(arg.elementId), arg.variables ?? null);
        } else {
          push('unknown', `update ${name}`, null, arg);
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const a = e.workflowExecutionSignaledEventAttributes;
        const arg = asRec(decode(a?.input?.payloads)[0]);
        push(a?.identity || 'external', `signal ${a?.signalName}${arg.name ? `: message ${arg.name}` : ''}`, null, arg.variables ?? arg);
        break;
      }
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const elementId = timerElement(e);
        if (elementId) timers.set(e.timerStartedEventAttributes?.timerId ?? '', elementId);
        break;
      }
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const timerId = e.timerFiredEventAttributes?.timerId ?? '';
        const elementId = timers.get(timerId) ?? null;
        // histories recorded before timers carried their element know only Temporal's timer number
        if (elementId) push('system', `timer fired: ${ctx.elementNames?.[elementId] ?? elementId}`, elementId);
        else push('system', `timer fired (${timerId})`, null);
        break;
      }
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
        push('system', `called sub-process (${a?.workflowId})`, null);
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        push(e.workflowExecutionCancelRequestedEventAttributes?.identity || 'admin', 'cancellation requested', null, { cause: e.workflowExecutionCancelRequestedEventAttributes?.cause ?? null });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        push('system', 'process completed', null, decode(e.workflowExecutionCompletedEventAttributes?.result?.payloads)[0] ?? null);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        push('system', 'process failed', null, { message: e.workflowExecutionFailedEventAttributes?.failure?.message ?? null });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        push('system', 'process cancelled', null);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
        push(e.workflowExecutionTerminatedEventAttributes?.identity || 'system', 'process terminated', null, { reason: e.workflowExecutionTerminatedEventAttributes?.reason ?? null });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        push('system', 'continued as new', null);
        break;
      default:
        break;
    }
  }
  return out;
}
