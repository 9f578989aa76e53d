// What the API needs from the workflow engine, as one small interface: the routes speak of process
// instances, the Temporal implementation (temporal-engine.ts) speaks of workflows.
import type { temporal } from '@temporalio/proto';

export type History = temporal.api.history.v1.IHistory;

export interface StartInstanceInput {
  workflowId: string;
  processKey: string;
  versionId: string;
  variables: Record<string, unknown>;
  startedBy: string;
  anchorUnit?: string;
  businessKey?: string;
}

export interface CompleteTaskInput {
  taskKey: string;
  completedBy: string;
  variables: Record<string, unknown>;
}

/** The workflow refused a completion: the task is closed (409), the values are bad (422) or the completer is excluded by separation of duties (403). */
export class TaskRejectedError extends Error {
  constructor(
    readonly reason: 'closed' | 'invalid' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'TaskRejectedError';
  }
}

/** The workflow has no open incident on that element (409). */
export class NoIncidentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoIncidentError';
  }
}

export class InstanceNotFoundError extends Error {
  constructor(readonly workflowId: string) {
    super(`no workflow ${workflowId}`);
    this.name = 'InstanceNotFoundError';
  }
}

export interface WorkflowDescription {
  /** RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, CONTINUED_AS_NEW, TIMED_OUT */
  status: string;
  closeTime?: Date;
}

export type ReplayOutcome = { ok: true; events: number } | { ok: false; error: string };

export interface ProcessEngine {
  start(input: StartInstanceInput): Promise<void>;
  /** the live state query; null when the workflow cannot answer (not found, or no worker) */
  state(workflowId: string): Promise<unknown | null>;
  describe(workflowId: string): Promise<WorkflowDescription>;
  completeTask(workflowId: string, input: CompleteTaskInput): Promise<void>;
  /** `by`: who asks (an admin's username), recorded in the history as the request's identity */
  cancel(workflowId: string, by: string): Promise<void>;
  /** retry the step that raised an incident, after setting `variables`; `requestedBy` is recorded with it */
  retryIncident(workflowId: string, input: { elementId: string; variables?: Record<string, unknown>; requestedBy?: string }): Promise<void>;
  /** deliver a BPMN message (the workflow's `message` signal); `by` as for cancel */
  message(workflowId: string, input: { name: string; correlationKey?: string; variables?: Record<string, unknown> }, by: string): Promise<void>;
  history(workflowId: string): Promise<History>;
  replay(workflowId: string, history: History): Promise<ReplayOutcome>;
}
