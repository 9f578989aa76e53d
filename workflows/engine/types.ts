// The token engine's vocabulary: element instances (tokens), the waits they hold, the effects the
// engine asks its host (Temporal) to carry out, and the events the host feeds back. Everything here
// is plain JSON so a snapshot can ride continue-as-new and a query can return it as is.
import type { OpenTask } from '../../activities/contract';
import type { PendingTimer } from './pending-timers';

export type Vars = Record<string, unknown>;

/** Where an incident happened, so a retry repeats exactly that step. */
export type IncidentPhase = 'activate' | 'complete' | 'join';

export interface Incident {
  id: number;
  elementId: string;
  instanceId?: number;
  phase: IncidentPhase;
  message: string;
  createdAt: string;
}

export type MultiInstanceRole =
  | { role: 'body'; items: unknown[]; next: number; outputs: unknown[]; completed: number }
  | { role: 'inner'; index: number };

/** One token / element instance. The root (id 0) is the process itself. */
export interface ElementInstance {
  id: number;
  elementId: string;
  /** the scope instance it lives in (root, sub-process instance or multi-instance body) */
  scopeId?: number;
  state: 'active' | 'incident';
  /** local variables; every instance is a variable scope (input mappings land here) */
  vars: Vars;
  mi?: MultiInstanceRole;
  /** tokens waiting at joins in this scope: gatewayId → flowId → count */
  arrivals?: Record<string, Record<string, number>>;
  visit: number;
  /** a scope (root, sub-process) whose tokens have started: it completes when it has none left */
  open?: boolean;
  /** payload of the event that created this instance (boundary, catch after an event gateway) */
  triggered?: Vars;
  /** flows chosen before an incident in the complete phase, so a retry leaves the same way */
  pendingFlows?: string[];
  pendingBy?: string;
  /** on a generated reminder/escalation path: the activity instance whose deadline fired it, so its notice names the task */
  raisedBy?: number;
}

export type WaitType = 'timer' | 'message' | 'task' | 'activity' | 'child';

/** Something an instance waits for; key is deterministic and names the wait to the host. */
export interface Wait {
  key: string;
  type: WaitType;
  /** owner: the activity (for boundaries), the event-based gateway, or the element itself */
  instanceId: number;
  /** the element whose event this is: a boundary event, a catch after an event gateway, or the owner */
  elementId: string;
  fireAt?: number;
  /** remaining repetitions of a timeCycle (-1 = unbounded) and its interval */
  cycle?: { left: number; intervalMs: number; iso: string };
  messageName?: string;
  correlationKey?: string;
  task?: OpenTask;
  seq: number;
}

// the engine's open task is exactly what the inbox activity is given (minus instance and variables)
export type { OpenTask };

export type VisitOutcome = 'active' | 'completed' | 'cancelled' | 'interrupted' | 'triggered' | 'failed';

export interface Visit {
  elementId: string;
  instanceId: number;
  enteredAt: string;
  leftAt?: string;
  outcome: VisitOutcome;
  by?: string;
  reason?: string;
}

export type ProcessStatus = 'running' | 'completed' | 'failed' | 'terminated';

export interface EngineState {
  status: ProcessStatus;
  nextId: number;
  seq: number;
  instances: Record<number, ElementInstance>;
  waits: Record<string, Wait>;
  incidents: Incident[];
  nextIncidentId: number;
  visits: Visit[];
  /** messages that arrived before anyone waited for them */
  bufferedMessages: { name: string; correlationKey?: string; variables: Vars }[];
  failure?: { errorCode?: string; message: string };
}

// ---- effects: what the host must do ----
export type Effect =
  | { type: 'openTask'; key: string; task: OpenTask; variables: Vars }
  | { type: 'closeTask'; key: string; outcome: 'completed' | 'cancelled'; completedBy?: string; reason?: string; variables?: Vars }
  | { type: 'startTimer'; key: string; fireAt: number; elementId: string }
  | { type: 'cancelTimer'; key: string }
  | { type: 'callActivity'; key: string; elementId: string; activity: string; input: Vars; retries?: number; taskKey?: string }
  | { type: 'cancelActivity'; key: string }
  | { type: 'startChild'; key: string; elementId: string; processKey: string; variables: Vars }
  | { type: 'cancelChild'; key: string }
  | { type: 'incident'; key: string; elementId: string; message: string }
  /** an escalation nobody in this process caught: the host tells the parent's call activity */
  | { type: 'escalate'; escalationCode?: string }
  | { type: 'complete'; variables: Vars }
  | { type: 'fail'; errorCode?: string; message: string };

// ---- events: what the host reports ----
export type EngineEvent =
  | { type: 'timerFired'; key: string }
  | { type: 'messageReceived'; name: string; correlationKey?: string; variables?: Vars }
  /** the inbox row could not be written (e.g. an assignee no one in the org data matches) */
  | { type: 'taskOpenFailed'; taskKey: string; message: string }
  | { type: 'taskCompleted'; taskKey: string; completedBy?: string; variables?: Vars }
  | { type: 'activityCompleted'; key: string; result: unknown }
  /** errorCode set = the activity threw a BPMN error (ApplicationFailure type 'BpmnError') */
  | { type: 'activityFailed'; key: string; message: string; errorCode?: string }
  | { type: 'childCompleted'; key: string; variables: Vars }
  | { type: 'childFailed'; key: string; message: string; errorCode?: string }
  /** a child workflow (call activity `key`) threw an escalation it did not catch itself */
  | { type: 'childEscalated'; key: string; escalationCode?: string }
  | { type: 'retryIncident'; elementId: string; variables?: Vars };

/** What the `state` query returns. */
export interface StateView {
  status: ProcessStatus;
  activeElements: { elementId: string; count: number }[];
  variables: Vars;
  openTasks: OpenTask[];
  visited: Visit[];
  incidents: Incident[];
  /** what the instance waits for by the clock, soonest first (see pending-timers.ts) */
  pendingTimers: PendingTimer[];
  failure?: { errorCode?: string; message: string };
}
