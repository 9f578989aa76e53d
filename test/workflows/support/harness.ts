// One workflow spec's world: the embedded Temporal service with time skipping, a real SDK worker
// that gets gridflow through its plugin, recording engine activities, diagrams compiled by the
// real compiler. finish() replays every history of the suite and keeps the golden history.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { compileBpmn } from '../../../bpmn';
import { gridflowPlugin } from '../../../plugin';
import { completeTaskUpdate, messageSignal, stateQuery, type BpmnProcessInput, type ProcessState } from '../../../workflows/api';
import { bundleWorkflows, startTestTemporal, type TestTemporal } from '../../helpers/temporal';
import { RecordingActivities } from './recordingActivities';

export const WORKFLOWS = path.join(__dirname, '..', '..', '..', 'workflows', 'index.ts');
export const GOLDEN_DIR = path.join(__dirname, '..', '..', 'fixtures', 'histories', 'workflows');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServiceActivities = Record<string, (...args: any[]) => Promise<unknown>>;

export interface Suite {
  t: TestTemporal;
  rec: RecordingActivities;
  bundle: WorkflowBundle;
  taskQueue: string;
  deploy(file: string): Promise<string>;
  start(versionId: string, variables?: Record<string, unknown>, extra?: Partial<BpmnProcessInput>): Promise<WorkflowHandle>;
  state(h: WorkflowHandle): Promise<ProcessState>;
  waitUntil(h: WorkflowHandle, what: string, pred: (s: ProcessState) => boolean): Promise<ProcessState>;
  openTask(h: WorkflowHandle, elementId: string): Promise<ProcessState['openTasks'][number]>;
  complete(h: WorkflowHandle, elementId: string, variables?: Record<string, unknown>, by?: string): Promise<unknown>;
  message(h: WorkflowHandle, name: string, correlationKey?: string, variables?: Record<string, unknown>): Promise<void>;
  /** replay every history of the suite; save (if absent or UPDATE_GOLDEN=1) the golden history of `h` */
  finish(golden: string, h: WorkflowHandle): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;

export async function workflowSuite(dir: string, services: ServiceActivities = {}): Promise<Suite> {
  const t = await startTestTemporal({ timeSkipping: true });
  const rec = new RecordingActivities();
  const bundle = await bundleWorkflows(WORKFLOWS);
  const taskQueue = t.taskQueue('wf');
  // a plain worker: no workflowsPath or activities of its own, only the plugin
  await t.startWorker({ taskQueue, plugins: [gridflowPlugin({ activities: { ...rec.activities(), ...services }, workflowBundle: bundle })] });

  const suite: Suite = {
    t,
    rec,
    bundle,
    taskQueue,
    async deploy(file) {
      const xml = fs.readFileSync(path.join(dir, file), 'utf8');
      const r = await compileBpmn(xml);
      if (!r.ok) throw new Error(`${file} does not compile: ${r.problems.map((p) => `${p.elementId ?? ''} ${p.message}`).join('; ')}`);
      return rec.deploy(r.graph);
    },
    async start(versionId, variables = {}, extra = {}) {
      return t.client.workflow.start('bpmnProcess', {
        taskQueue,
        workflowId: `${path.basename(dir)}-${process.pid}-${++seq}`,
        args: [{ versionId, variables, ...extra } satisfies BpmnProcessInput],
      });
    },
    // a handle from start() is pinned to the first run; after continue-as-new the latest run answers
    state: (h) => t.client.workflow.getHandle(h.workflowId).query(stateQuery),
    async waitUntil(h, what, pred) {
      let last: ProcessState | undefined;
      for (let i = 0; i < 200; i++) {
        last = await suite.state(h);
        if (pred(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify({ status: last?.status, active: last?.activeElements, incidents: last?.incidents })}`);
    },
    async openTask(h, elementId) {
      const s = await suite.waitUntil(h, `an open task on ${elementId}`, (x) => x.openTasks.some((o) => o.elementId === elementId));
      return s.openTasks.find((o) => o.elementId === elementId)!;
    },
    async complete(h, elementId, variables = {}, by = 'zhang-wei') {
      const task = await suite.openTask(h, elementId);
      const send = () => t.client.workflow.getHandle(h.workflowId).executeUpdate(completeTaskUpdate, { args: [{ taskKey: task.taskKey, completedBy: by, variables }] });
      try {
        return await send();
      } catch (e) {
        // An update admitted by a run that then continues as new is lost by the embedded service
        // (real Temporal aborts it and the client retries on the new run): retry once here.
        if (!(e instanceof WorkflowNotFoundError) || (await h.describe()).status.name !== 'RUNNING') throw e;
        return send();
      }
    },
    async message(h, name, correlationKey, variables) {
      await t.client.workflow.getHandle(h.workflowId).signal(messageSignal, { name, correlationKey, variables });
    },
    async finish(golden, h) {
      await t.replayAll(bundle);
      const file = path.join(GOLDEN_DIR, `${golden}.json`);
      if (!fs.existsSync(file) || process.env.UPDATE_GOLDEN === '1') {
        fs.mkdirSync(GOLDEN_DIR, { recursive: true });
        const history = await h.fetchHistory();
        fs.writeFileSync(file, JSON.stringify({ workflowId: h.workflowId, history: JSON.parse(historyToJSON(history)) }, null, 1) + '\n');
      }
    },
    close: () => t.close(),
  };
  return suite;
}

/** Replays a saved golden history against today's workflow code. */
export async function replayGolden(bundle: WorkflowBundle, file: string): Promise<void> {
  const { workflowId, history } = JSON.parse(fs.readFileSync(file, 'utf8')) as { workflowId: string; history: unknown };
  await Worker.runReplayHistory({ workflowBundle: bundle }, historyFromJSON(history), workflowId);
}
