// EngineActivities for workflow tests, kept in memory and recording every call, so a spec can see
// what an official would see (the inbox rows, the notifications, the incidents) without Prisma.
// The Temporal service and SDK worker are real; only gridflow's database is replaced.
import { ApplicationFailure } from '@temporalio/common';
import type { ProcessGraph } from '../../../bpmn/graph';
import type { CloseUserTaskInput, EngineActivities, NotifyInput, OpenUserTaskInput } from '../../../activities/contract';

export interface TaskRow {
  open: OpenUserTaskInput;
  closed?: CloseUserTaskInput;
}

export class RecordingActivities {
  readonly graphs = new Map<string, ProcessGraph>();
  readonly latest = new Map<string, string>();
  readonly tasks = new Map<string, TaskRow>();
  readonly notifications: NotifyInput[] = [];
  readonly incidents: { workflowId: string; elementId: string; message: string; key: string }[] = [];
  private versions = 0;
  /** identities the "org data" does not know: opening a task for them fails for good, like the real activity */
  readonly unknownIdentities = new Set<string>();

  deploy(graph: ProcessGraph): string {
    const versionId = `${graph.processKey}-v${++this.versions}`;
    this.graphs.set(versionId, graph);
    this.latest.set(graph.processKey, versionId);
    return versionId;
  }

  tasksOf(workflowId: string): TaskRow[] {
    return [...this.tasks.values()].filter((t) => t.open.workflowId === workflowId);
  }

  activities(): EngineActivities {
    return {
      loadGraph: async (versionId) => {
        const g = this.graphs.get(versionId);
        if (!g) throw new Error(`no deployment ${versionId}`);
        return g;
      },
      resolveLatestVersion: async (processKey) => {
        const v = this.latest.get(processKey);
        if (!v) throw new Error(`no deployment of process ${processKey}`);
        return v;
      },
      openUserTask: async (input) => {
        if (input.assignee && this.unknownIdentities.has(input.assignee)) {
          throw ApplicationFailure.nonRetryable(`no active official matches ${input.assignee}`, 'IdentityError');
        }
        const id = `${input.workflowId}/${input.taskKey}`;
        if (!this.tasks.has(id)) this.tasks.set(id, { open: input });
        return { taskId: id };
      },
      closeUserTask: async (input) => {
        const row = this.tasks.get(`${input.workflowId}/${input.taskKey}`);
        if (!row) throw new Error(`closing unknown task ${input.taskKey}`);
        row.closed ??= input;
      },
      notify: async (input) => {
        if (!this.notifications.some((n) => n.key === input.key && n.workflowId === input.workflowId)) this.notifications.push(input);
      },
      recordInstanceStart: async () => {},
      raiseIncident: async (input) => {
        if (!this.incidents.some((i) => i.key === input.key && i.workflowId === input.workflowId)) this.incidents.push(input);
      },
    };
  }
}
