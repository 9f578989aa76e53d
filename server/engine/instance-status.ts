// Keeps Instance.status in line with Temporal without anyone opening the instance: GET
// /api/instances reads rows only, so a workflow that completed, failed or was cancelled/terminated
// would otherwise stay listed as "running" forever.
//
// Why describe the rows still marked running (and not list closed executions from visibility):
// it needs no clock agreement with the service, it also finds rows whose workflow never started
// (a kill -9 between the row write and the workflow start in POST /instances), and the work per
// tick is bounded by the batch. The row is written before the workflow starts on purpose: the
// workflow's activities write Task/Notification rows that reference it.
import type { PrismaClient } from '@prisma/client';
import { instanceStatus } from '../access/instances';
import { InstanceNotFoundError, type ProcessEngine } from './process-engine';

/** the key of the incident recorded on a row whose workflow was never started */
export const NEVER_STARTED_INCIDENT = 'workflow-never-started';

/** Marks a running row closed, and closes the tasks a closed workflow can no longer accept. Idempotent. */
export async function closeInstanceRow(prisma: PrismaClient, workflowId: string, status: string, closedAt: Date): Promise<boolean> {
  const [rows] = await prisma.$transaction([
    prisma.instance.updateMany({ where: { workflowId, status: 'running' }, data: { status, closedAt } }),
    prisma.task.updateMany({ where: { workflowId, state: 'open' }, data: { state: 'cancelled', cancelReason: `instance ${status}`, completedAt: new Date() } }),
    prisma.taskCandidate.updateMany({ where: { task: { workflowId }, open: true }, data: { open: false } }),
  ]);
  return rows.count > 0;
}

export interface InstanceStatusSyncOptions {
  prisma: PrismaClient;
  engine: Pick<ProcessEngine, 'describe'>;
  /** pause between ticks (default 2 s) */
  intervalMs?: number;
  /** rows described per tick (default 100) */
  batch?: number;
  /** a row this old whose workflow does not exist was never started (default 60 s: longer than any POST /instances) */
  neverStartedAfterMs?: number;
  log?: (message: string, err?: unknown) => void;
}

export class InstanceStatusSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private closing = false;
  /** round-robin position: with more running rows than one batch, each tick takes the next ones */
  private after = '';

  constructor(private readonly options: InstanceStatusSyncOptions) {}

  /** starts ticking; the first tick runs at once (rows left running while the server was down) */
  start(): void {
    this.stopped = false;
    this.closing = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** one bounded pass: describes up to `batch` running rows; returns how many rows it closed */
  async tick(): Promise<number> {
    const { prisma, engine } = this.options;
    const batch = this.options.batch ?? 100;
    const rows = await prisma.instance.findMany({
      where: { status: 'running', workflowId: { gt: this.after } },
      orderBy: { workflowId: 'asc' },
      take: batch,
      select: { workflowId: true, startedAt: true },
    });
    this.after = rows.length < batch ? '' : rows[rows.length - 1].workflowId;
    let closed = 0;
    for (const row of rows) {
      // shutdown: the connection is about to close
      if (this.closing) break;
      try {
        const d = await engine.describe(row.workflowId);
        const status = instanceStatus(d.status);
        if (status !== 'running' && (await closeInstanceRow(prisma, row.workflowId, status, d.closeTime ?? new Date()))) closed++;
      } catch (e) {
        if (!(e instanceof InstanceNotFoundError)) throw e;
        if (Date.now() - row.startedAt.getTime() < (this.options.neverStartedAfterMs ?? 60_000)) continue;
        if (await this.markNeverStarted(row.workflowId)) closed++;
      }
    }
    return closed;
  }

  private async markNeverStarted(workflowId: string): Promise<boolean> {
    const { prisma } = this.options;
    const message = 'the workflow was never started (the server stopped between recording the instance and starting it); start the process again';
    const closed = await closeInstanceRow(prisma, workflowId, 'failed', new Date());
    if (closed) {
      // the reason, where the instance page shows what went wrong; resolved: there is nothing to retry
      await prisma.incident.upsert({
        where: { workflowId_key: { workflowId, key: NEVER_STARTED_INCIDENT } },
        create: { workflowId, key: NEVER_STARTED_INCIDENT, elementId: '', message, state: 'resolved', resolvedAt: new Date(), resolvedBy: 'system' },
        update: {},
      });
      this.options.log?.(`instance ${workflowId} marked failed: ${message}`);
    }
    return closed;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(
          () => undefined,
          (e) => this.options.log?.('instance status sync failed (retrying)', e),
        )
        .finally(() => this.schedule(this.options.intervalMs ?? 2_000));
    }, ms);
    // never keeps the process alive on its own
    this.timer.unref();
  }
}
