// The bpmnProcess workflow's public API: its input and result, the Update that completes a task,
// the signal that delivers a message, the Update that retries an incident, and the state query.
// Importable from server code (these definitions are plain objects, no workflow context needed).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EngineState, StateView, Vars } from './engine/types';

export const WORKFLOW_TYPE = 'bpmnProcess';

export interface BpmnProcessInput {
  /** deployment (version) id; the graph is loaded through the loadGraph activity */
  versionId: string;
  variables: Vars;
  processKey?: string;
  businessKey?: string;
  startedBy?: string;
  /** org unit the instance is about; default: variables.compoundCode, else variables.unitCode */
  anchorUnit?: string;
  /** the process start event to begin at: set by the schedule of a timer start event (default: the none start) */
  startEventId?: string;
  /** the engine's state, when this run continues an earlier one (continue-as-new) */
  resume?: { state: EngineState };
  /** continue-as-new once history passes this many events (default 8000; tests lower it) */
  continueAsNewAfter?: number;
}

export interface BpmnProcessResult {
  status: 'completed';
  variables: Vars;
}

export interface CompleteTaskUpdate {
  taskKey: string;
  /** user id (username) of the official completing it */
  completedBy: string;
  variables: Vars;
}

export interface CompleteTaskResult {
  taskKey: string;
  elementId: string;
  outcome: 'completed';
}

export interface MessageSignal {
  name: string;
  correlationKey?: string;
  variables?: Vars;
}

export interface RetryIncidentUpdate {
  elementId: string;
  /** variables to set (in the scope that holds them, else the process) before retrying */
  variables?: Vars;
  /** username of the admin who retried (for the audit timeline; the workflow does not read it) */
  requestedBy?: string;
}

export type ProcessState = StateView;

/**
 * Rejections (ApplicationFailure.type): 'TaskNotOpen' (unknown or already closed task → 409),
 * 'InvalidTaskInput' (form violations, message names the field → 422).
 */
export const completeTaskUpdate = defineUpdate<CompleteTaskResult, [CompleteTaskUpdate]>('completeTask');
export const messageSignal = defineSignal<[MessageSignal]>('message');
/** Rejection: 'NoIncident' when the element has no open incident. */
export const retryIncidentUpdate = defineUpdate<{ retried: string }, [RetryIncidentUpdate]>('retryIncident');
/** Sent by a child bpmnProcess to its parent when an escalation leaves the child uncaught. */
export interface ChildEscalationSignal {
  childWorkflowId: string;
  escalationCode?: string;
}
export const childEscalationSignal = defineSignal<[ChildEscalationSignal]>('childEscalation');
export const stateQuery = defineQuery<ProcessState>('state');

/** ApplicationFailure type of a BPMN error: thrown by service activities (details[0].errorCode) and by uncaught error end events. */
export const BPMN_ERROR_TYPE = 'BpmnError';
