// The side effects the bpmnProcess interpreter asks for, as types only, so workflow code can name
// them (proxyActivities<EngineActivities>) without importing Prisma. Implementations live beside
// this file; the Temporal plugin registers them. Every call is idempotent on its key, because
// Temporal retries activities and a crash may repeat one: a task, a notification or an escalation
// must exist exactly once.
import type { FormField, ProcessGraph } from '../bpmn/graph';

// Identity strings name who may act or be told, resolved against the org data by the activities:
//   "official:<username>"          one person
//   "unit:<unitCode>:<role>"       everyone holding <role> in an org unit (street, department, ...)
//   "level:<unitKind>:<role>"      relative to the instance's anchorUnit: the <role> of the unit of
//                                  kind <unitKind> above it, e.g. "level:street:secretary"
// Roles used by the shipped processes: secretary, officer, head, coordinator, reviewer.

export interface InstanceRef {
  workflowId: string;
  processKey: string;
  versionId: string;
  /** the org unit the instance is about (start variable compoundCode, else unitCode): "level:" identities resolve from it */
  anchorUnit?: string;
  /** the workflow whose call activity started this one: an Instance row records it as its parent */
  parentWorkflowId?: string;
}

/** A user task as the engine holds it open and the inbox shows it. */
export interface OpenTask {
  /** deterministic, unique per activation (e.g. `${elementId}#${activationSeq}`): the idempotency key */
  taskKey: string;
  elementId: string;
  name: string;
  /** identity strings already evaluated from FEEL, e.g. "official:zhang-wei" */
  assignee?: string;
  /** group identity strings, e.g. "unit:dept-public-security:reviewer", "unit:street-1:secretary" */
  candidateGroups: string[];
  /** ISO date-time, computed from workflow time */
  dueAt?: string;
  formFields: FormField[];
}

export interface OpenUserTaskInput extends InstanceRef, OpenTask {
  /** variables visible to the task (shown read-only in the form) */
  variables: Record<string, unknown>;
}

export interface CloseUserTaskInput {
  workflowId: string;
  taskKey: string;
  outcome: 'completed' | 'cancelled';
  /** user id of the completer */
  completedBy?: string;
  /** why it was cancelled, e.g. "completion condition of vetting met", "boundary timer T1" */
  reason?: string;
  variables?: Record<string, unknown>;
}

export type NotificationKind = 'task-assigned' | 'reminder' | 'escalation' | 'veto' | 'process-completed' | 'incident';

export interface NotifyInput extends InstanceRef {
  /** deterministic idempotency key */
  key: string;
  kind: NotificationKind;
  /** identity strings (officials or groups) or org levels relative to the instance ("street", "district") */
  recipients: string[];
  taskKey?: string;
  elementId?: string;
  /** escalation level reached, when kind = 'escalation' */
  level?: string;
  message: string;
}

export interface EngineActivities {
  /** the compiled graph of a deployed version: read through an activity so it is in history */
  loadGraph(versionId: string): Promise<ProcessGraph>;
  /** latest deployed version id of a process key, for call activities */
  resolveLatestVersion(processKey: string): Promise<string>;
  openUserTask(input: OpenUserTaskInput): Promise<{ taskId: string }>;
  closeUserTask(input: CloseUserTaskInput): Promise<void>;
  notify(input: NotifyInput): Promise<void>;
  /** the Instance row of a run nobody wrote one for (a schedule started it), with who started it */
  recordInstanceStart(input: InstanceRef & { startedBy: string }): Promise<void>;
  /** an incident (e.g. a FEEL error): recorded so the API can show it and an admin can retry */
  raiseIncident(input: InstanceRef & { key: string; elementId: string; message: string }): Promise<void>;
}
