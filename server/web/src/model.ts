// Shapes of what the API returns (see the API contract in the web brief).
import type { FormField } from '../../../bpmn/graph';

export type { FormField };

export interface Version {
  id: string;
  processKey: string;
  version: number;
  hash: string;
  name: string;
  createdAt: string;
}

export interface VisitedStep {
  elementId: string;
  enteredAt?: string;
  leftAt?: string | null;
  outcome?: string | null;
  by?: string | null;
}

/** One deadline the instance waits for (workflows/engine/pending-timers.ts) */
export interface PendingTimer {
  key: string;
  kind: 'wait' | 'deadline' | 'reminder' | 'escalation';
  elementId: string;
  name?: string;
  generatedFor?: string;
  generatedForName?: string;
  dueAt: string;
  then: { action: 'continue' | 'interrupt' | 'remind' | 'escalate' | 'overdue'; level?: string; next?: { elementId: string; name?: string }[] };
  description: string;
}

export interface InstanceState {
  activeElements: { elementId: string; count: number }[];
  openTasks?: unknown[];
  visited: VisitedStep[];
  incidents?: { elementId?: string; message: string }[];
  pendingTimers?: PendingTimer[];
}

export interface InstanceSummary {
  id: string;
  workflowId?: string;
  processKey: string;
  versionId: string;
  status: string;
  startedAt?: string;
  createdAt?: string;
  variables?: Record<string, unknown>;
}

export interface Instance extends InstanceSummary {
  state?: InstanceState | null;
}

/** GET /api/instances/:id */
export interface InstanceDetail {
  instance: InstanceSummary;
  state: InstanceState | null;
  tasks?: { id: string; elementId: string; name: string; state: string; completedBy?: string | null }[];
  incidents?: { id: string; elementId?: string; message: string; state?: string }[];
}

export interface Task {
  id: string;
  name: string;
  elementId: string;
  instanceId: string;
  processKey: string;
  dueAt?: string | null;
  assignee?: string | null;
  claimedBy?: string | null;
  formFields: FormField[];
  variables?: Record<string, unknown>;
  versionId?: string;
  overdue?: boolean;
}

export interface Notification {
  id: string;
  kind?: string;
  title?: string;
  body?: string;
  message?: string;
  workflowId?: string | null;
  createdAt?: string;
  readAt?: string | null;
  read?: boolean;
  instanceId?: string;
  taskId?: string;
}

export interface TimelineEntry {
  at: string;
  who?: string | null;
  what: string;
  elementId?: string | null;
  decision?: unknown;
}

export interface OrgUnit {
  code: string;
  name: string;
  kind?: string;
  parentCode?: string | null;
}

export interface Official {
  username: string;
  displayName: string;
  unit?: { code: string; name: string } | string | null;
  unitCode?: string | null;
  role?: string | null;
}
