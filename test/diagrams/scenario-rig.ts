// What every process scenario needs: the demo district in a fresh database, shipped diagrams
// deployed through the real deployment path, the embedded service with time skipping, and one
// worker running the interpreter with the engine and domain activities on that database.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prisma } from '@prisma/client';
import type { WorkflowBundle } from '@temporalio/worker';
import { compileBpmn, NOTIFY_ACTIVITY } from '../../bpmn';
import { createEngineActivities } from '../../activities';
import { deployProcess } from '../../activities/deployments';
import { createDomainActivities, domainActivityNames } from '../../activities/domain';
import { createTestDatabase, type TestDatabase } from '../../prisma/test-db';
import { seedDemoData } from '../../prisma/seed';
import { bundleWorkflows, startTestTemporal, type RunningWorker, type TestTemporal } from '../helpers/temporal';

export interface ScenarioRig {
  db: TestDatabase;
  t: TestTemporal;
  bundle: WorkflowBundle;
  worker: RunningWorker;
  /** deployed version id by process key */
  versions: Record<string, string>;
}

/** Deploys `keys` (in order: a called process before its caller) from diagrams/ and starts the worker. */
export async function startScenarioRig(keys: string[], domain: { today?: () => string } = {}): Promise<ScenarioRig> {
  const db = createTestDatabase();
  await seedDemoData(db.prisma);
  const versions: Record<string, string> = {};
  for (const key of keys) {
    const xml = readFileSync(join(__dirname, '..', '..', 'diagrams', `${key}.bpmn`), 'utf8');
    const deployed = await deployProcess(db.prisma, xml, { createdBy: 'admin', compile: compileBpmn, knownActivities: [...domainActivityNames, NOTIFY_ACTIVITY] });
    if (!deployed.ok) throw new Error(`${key} did not deploy: ${JSON.stringify(deployed)}`);
    versions[key] = deployed.deployment.id;
  }
  const t = await startTestTemporal({ timeSkipping: true });
  const bundle = await bundleWorkflows(require.resolve('../../workflows'));
  const worker = await t.startWorker({
    workflowBundle: bundle,
    activities: { ...createEngineActivities({ prisma: db.prisma }), ...createDomainActivities({ prisma: db.prisma, ...domain }) },
  });
  return { db, t, bundle, worker, versions };
}

/** The open tasks matching `where`, oldest first, once at least `count` exist (polls, bounded). */
export async function waitForOpenTasks(db: TestDatabase, where: Prisma.TaskWhereInput, count = 1, attempts = 200) {
  for (let i = 0; i < attempts; i++) {
    const tasks = await db.prisma.task.findMany({ where: { ...where, state: 'open' }, orderBy: { createdAt: 'asc' } });
    if (tasks.length >= count) return tasks;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${count} open tasks matching ${JSON.stringify(where)}`);
}

/** Completes a task the way the server does: the workflow's completeTask update. */
export const completeTask = (t: TestTemporal, workflowId: string, taskKey: string, completedBy: string, variables: Record<string, unknown>) =>
  t.client.workflow.getHandle(workflowId).executeUpdate('completeTask', { args: [{ taskKey, completedBy, variables }] });
