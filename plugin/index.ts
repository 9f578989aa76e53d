// gridflow as a Temporal plugin: an existing worker adds `plugins: [gridflowPlugin({ activities })]`
// and runs the bpmnProcess interpreter with gridflow's engine activities and its service
// activities registry. A client needs nothing from it (the workflow's API is in workflows/api.ts).
import path from 'node:path';
import { SimplePlugin } from '@temporalio/plugin';
import type { ReplayWorkerOptions, WorkerOptions, WorkflowBundleOption } from '@temporalio/worker';
import type { EngineActivities } from '../activities/contract';

/** The workflows module the worker bundles: exports bpmnProcess. */
export const GRIDFLOW_WORKFLOWS_PATH = path.join(__dirname, '..', 'workflows', 'index.ts');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ActivityFn = (...args: any[]) => Promise<unknown>;

export interface GridflowPluginOptions {
  /** gridflow's engine activities plus every service activity a diagram may name (gov:activity) */
  activities: EngineActivities & Record<string, ActivityFn>;
  /** task queue the worker polls; default: the worker's own */
  taskQueue?: string;
  /** a prebuilt bundle of workflows/ (bundling costs seconds; share one across workers) */
  workflowBundle?: WorkflowBundleOption;
}

class GridflowPlugin extends SimplePlugin {
  constructor(private readonly gridflow: GridflowPluginOptions) {
    super({ name: 'gridflow', activities: gridflow.activities });
  }

  /** Supplies the workflow code unless the worker brings its own (which must then export bpmnProcess). */
  private withWorkflows<T extends { workflowsPath?: string; workflowBundle?: WorkflowBundleOption }>(options: T): T {
    if (options.workflowsPath || options.workflowBundle) return options;
    return this.gridflow.workflowBundle ? { ...options, workflowBundle: this.gridflow.workflowBundle } : { ...options, workflowsPath: GRIDFLOW_WORKFLOWS_PATH };
  }

  override configureWorker(options: WorkerOptions): WorkerOptions {
    const configured = this.withWorkflows(super.configureWorker(options));
    return this.gridflow.taskQueue ? { ...configured, taskQueue: this.gridflow.taskQueue } : configured;
  }

  override configureReplayWorker(options: ReplayWorkerOptions): ReplayWorkerOptions {
    return this.withWorkflows(super.configureReplayWorker(options));
  }
}

export function gridflowPlugin(options: GridflowPluginOptions): SimplePlugin {
  return new GridflowPlugin(options);
}
