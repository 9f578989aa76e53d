// ProcessEngine on Temporal: each process instance is one `bpmnProcess` workflow (workflows/).
// Completing a task is the workflow's `completeTask` Update, so the workflow itself accepts or
// refuses it (closed task, bad values) and the caller hears which. A completion the workflow
// accepted is done even when the run closes before the caller hears so (accepted-update.ts).
import { randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import {
  InstanceNotFoundError,
  NoIncidentError,
  TaskRejectedError,
  type CompleteTaskInput,
  type History,
  type ProcessEngine,
  type ReplayOutcome,
  type StartInstanceInput,
  type WorkflowDescription,
} from './process-engine';
import { completeTaskUpdate, messageSignal, retryIncidentUpdate, stateQuery, WORKFLOW_TYPE } from '../../workflows/api';
import { ACCEPTED_THEN_RUN_CLOSED, recordedUpdate } from './accepted-update';

// the workflow's contract (workflows/api.ts) is the one place its names are spelt
export { WORKFLOW_TYPE };

export interface TemporalEngineOptions {
  client: Client;
  taskQueue: string;
  /** how to build a replay worker: the same workflow code the live worker runs */
  replayOptions: () => Promise<ReplayWorkerOptions>;
  /** how long GET /api/instances/:id waits for the state query (default 5 s) */
  queryTimeoutMs?: number;
}

/**
 * The service says "no such workflow" two ways: the client's WorkflowNotFoundError, and a plain
 * gRPC NOT_FOUND from calls the client passes through (fetchHistory, raw WorkflowService calls).
 */
function notFound(e: unknown, workflowId: string): never {
  if (e instanceof WorkflowNotFoundError || (e as { code?: unknown } | null)?.code === grpcStatus.NOT_FOUND) throw new InstanceNotFoundError(workflowId);
  throw e;
}

/** the failure type of a failed Update ('' when it has none) */
function updateFailureType(e: WorkflowUpdateFailedError): string {
  return e.cause instanceof ApplicationFailure ? (e.cause.type ?? '') : '';
}

/** the workflow's refusal of a completion → closed (409), invalid (422) or separation of duties (403) */
function taskRejection(type: string, message: string): TaskRejectedError {
  // the interpreter's codes (workflows/engine: TaskNotOpen | InvalidTaskInput | SeparationOfDuties), else its wording
  if (type === 'SeparationOfDuties') return new TaskRejectedError('forbidden', message);
  const closed = type === 'TaskNotOpen' || (type !== 'InvalidTaskInput' && /TaskNotOpen|is not open|already completed/i.test(message));
  return new TaskRejectedError(closed ? 'closed' : 'invalid', message);
}

function rejection(e: unknown): TaskRejectedError | null {
  if (!(e instanceof WorkflowUpdateFailedError)) return null;
  return taskRejection(updateFailureType(e), e.cause?.message ?? e.message);
}

export class TemporalEngine implements ProcessEngine {
  constructor(private readonly options: TemporalEngineOptions) {}

  private handle(workflowId: string) {
    return this.options.client.workflow.getHandle(workflowId);
  }

  async start(input: StartInstanceInput): Promise<void> {
    await this.options.client.workflow.start(WORKFLOW_TYPE, {
      taskQueue: this.options.taskQueue,
      workflowId: input.workflowId,
      args: [{ versionId: input.versionId, processKey: input.processKey, variables: input.variables, startedBy: input.startedBy, anchorUnit: input.anchorUnit, businessKey: input.businessKey }],
    });
  }

  async state(workflowId: string): Promise<unknown | null> {
    // a query waits for a worker; a page must not hang when none is polling
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.options.queryTimeoutMs ?? 5_000)));
    try {
      return await Promise.race([this.handle(workflowId).query(stateQuery).catch(() => null), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async describe(workflowId: string): Promise<WorkflowDescription> {
    try {
      const d = await this.handle(workflowId).describe();
      return { status: d.status.name, closeTime: d.closeTime };
    } catch (e) {
      return notFound(e, workflowId);
    }
  }

  async completeTask(workflowId: string, input: CompleteTaskInput): Promise<void> {
    // our own id, to find the completion in the history if the answer is lost
    const updateId = randomUUID();
    try {
      await this.handle(workflowId).executeUpdate(completeTaskUpdate, { args: [input], updateId });
    } catch (e) {
      // accepted, then the run closed before the handler finished: the completion stands
      if (e instanceof WorkflowUpdateFailedError && updateFailureType(e) === ACCEPTED_THEN_RUN_CLOSED) return;
      const r = rejection(e);
      if (r) throw r;
      if (!(e instanceof WorkflowNotFoundError)) throw e;
      await this.completionOnClosedRun(workflowId, updateId);
    }
  }

  /** "workflow execution already completed": did the run take our completion before it closed? */
  private async completionOnClosedRun(workflowId: string, updateId: string): Promise<void> {
    let history: History;
    try {
      history = await this.handle(workflowId).fetchHistory();
    } catch (e) {
      return notFound(e, workflowId);
    }
    const recorded = recordedUpdate(history, updateId);
    if (recorded.stage === 'accepted') return;
    if (recorded.stage === 'failed') throw taskRejection(recorded.type, recorded.message);
    throw new TaskRejectedError('closed', 'the process instance has already ended');
  }

  /**
   * The identity an admin's request is recorded under in the history. The handle's cancel and signal
   * send the client's identity (the server process, e.g. 5162@host), so these two go through the
   * raw WorkflowService calls with the admin's instead.
   */
  static identityOf(by: string): string {
    return `admin:${by}`;
  }

  async cancel(workflowId: string, by: string): Promise<void> {
    const { client } = this.options;
    await this.raw(workflowId, () =>
      client.workflowService.requestCancelWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId },
        identity: TemporalEngine.identityOf(by),
        requestId: randomUUID(),
      }),
    );
  }

  /** a raw WorkflowService call (the handle's calls send the client's identity): NOT_FOUND → InstanceNotFoundError */
  private async raw(workflowId: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (e) {
      notFound(e, workflowId);
    }
  }

  async retryIncident(workflowId: string, input: { elementId: string; variables?: Record<string, unknown>; requestedBy?: string }): Promise<void> {
    try {
      await this.handle(workflowId).executeUpdate(retryIncidentUpdate, { args: [input] });
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError) throw new NoIncidentError(e.cause?.message ?? e.message);
      notFound(e, workflowId);
    }
  }

  async message(workflowId: string, input: { name: string; correlationKey?: string; variables?: Record<string, unknown> }, by: string): Promise<void> {
    const { client } = this.options;
    const payloads = await encodeToPayloads(client.options.loadedDataConverter, input);
    await this.raw(workflowId, () =>
      client.workflowService.signalWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId },
        signalName: messageSignal.name,
        input: { payloads },
        identity: TemporalEngine.identityOf(by),
        requestId: randomUUID(),
      }),
    );
  }

  async history(workflowId: string): Promise<History> {
    try {
      return await this.handle(workflowId).fetchHistory();
    } catch (e) {
      return notFound(e, workflowId);
    }
  }

  async replay(workflowId: string, history: History): Promise<ReplayOutcome> {
    try {
      await Worker.runReplayHistory(await this.options.replayOptions(), history, workflowId);
      return { ok: true, events: history.events?.length ?? 0 };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  }
}
