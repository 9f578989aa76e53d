// The engine's side effects (activities/contract.ts) on gridflow's SQLite database. Every call is
// idempotent on its key: Temporal retries activities and a worker may crash after the write but
// before reporting it, so a repeat must find its row and create nothing new.
import type { Prisma, PrismaClient } from '@prisma/client';
import type { ProcessGraph } from '../bpmn/graph';
import { writeTransaction } from '../prisma/client';
import type { CloseUserTaskInput, EngineActivities, InstanceRef, NotifyInput, OpenUserTaskInput } from './contract';
import { DeploymentNotFoundError, isUniqueViolation, nonRetryable } from './errors';
import { createNotifications } from './notifications/create';
import { IdentityError } from './org/identity';
import { resolveIdentities, resolveIdentity, type ResolvedUser } from './org/resolve';

export interface EngineActivityDeps {
  prisma: PrismaClient;
  /** told after commit about each notification created (the server pushes it over SSE) */
  notifier?: (notificationId: string) => void;
}

const KIND_TITLE: Record<string, string> = {
  'task-assigned': '新任务',
  reminder: '催办提醒',
  escalation: '超期督办',
  veto: '一票否决',
  'process-completed': '流程办结',
  incident: '流程异常',
};

/** Makes sure the Instance row exists (the server writes it at start; child workflows only come here). */
async function ensureInstance(tx: Prisma.TransactionClient, ref: InstanceRef): Promise<void> {
  if (await tx.instance.findUnique({ where: { workflowId: ref.workflowId }, select: { workflowId: true } })) return;
  // say which version is missing, rather than fail (and be retried forever) on a foreign key
  if (!(await tx.deployment.findUnique({ where: { id: ref.versionId }, select: { id: true } }))) {
    throw new DeploymentNotFoundError(`with id "${ref.versionId}" (instance ${ref.workflowId})`);
  }
  await tx.instance.upsert({
    where: { workflowId: ref.workflowId },
    create: { workflowId: ref.workflowId, processKey: ref.processKey, versionId: ref.versionId, anchorUnit: ref.anchorUnit ?? null, parentWorkflowId: ref.parentWorkflowId ?? null },
    update: {},
  });
}

async function admins(tx: Prisma.TransactionClient): Promise<ResolvedUser[]> {
  return tx.user.findMany({ where: { role: 'admin', active: true }, select: { id: true, username: true, displayName: true, email: true }, orderBy: { id: 'asc' } });
}

export function createEngineActivities(deps: EngineActivityDeps): EngineActivities {
  const { prisma } = deps;
  const announce = (ids: string[]) => {
    for (const id of ids) {
      try {
        deps.notifier?.(id);
      } catch {
        // the rows are committed; a failing push must not fail (and so repeat) the activity
      }
    }
  };
  // Runs fn in a write transaction (a concurrent attempt in another process waits, then finds the
  // rows); a unique violation still means another attempt won, so the call is repeated once.
  async function idempotent<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    try {
      return await writeTransaction(prisma, fn);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return writeTransaction(prisma, fn);
    }
  }
  async function run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw nonRetryable(e);
    }
  }

  return {
    loadGraph: (versionId: string) =>
      run(async () => {
        const d = await prisma.deployment.findUnique({ where: { id: versionId }, select: { graphJson: true } });
        if (!d) throw new DeploymentNotFoundError(`with id "${versionId}"`);
        return JSON.parse(d.graphJson) as ProcessGraph;
      }),

    resolveLatestVersion: (processKey: string) =>
      run(async () => {
        const d = await prisma.deployment.findFirst({ where: { processKey }, orderBy: { version: 'desc' }, select: { id: true } });
        if (!d) throw new DeploymentNotFoundError(`of process "${processKey}"`);
        return d.id;
      }),

    openUserTask: (input: OpenUserTaskInput) =>
      run(async () => {
        const result = await idempotent(async (tx) => {
          const found = await tx.task.findUnique({ where: { workflowId_taskKey: { workflowId: input.workflowId, taskKey: input.taskKey } }, select: { id: true } });
          if (found) return { taskId: found.id, created: [] as string[] };
          await ensureInstance(tx, input);
          const identities = [...(input.assignee ? [input.assignee] : []), ...input.candidateGroups];
          const people = await resolveIdentities(tx, identities, input.anchorUnit);
          const task = await tx.task.create({
            data: {
              taskKey: input.taskKey,
              workflowId: input.workflowId,
              elementId: input.elementId,
              name: input.name,
              assignee: input.assignee ?? null,
              candidateGroupsJson: JSON.stringify(input.candidateGroups),
              dueAt: input.dueAt ? new Date(input.dueAt) : null,
              formFieldsJson: JSON.stringify(input.formFields),
              variablesJson: JSON.stringify(input.variables ?? {}),
              candidates: { create: people.map((p) => ({ userId: p.id })) },
            },
            select: { id: true },
          });
          const due = input.dueAt ? `，请于 ${input.dueAt.slice(0, 10)} 前办理` : '';
          const recipients = people.length > 0 ? people : await admins(tx);
          const body =
            people.length > 0
              ? `「${input.name}」待您办理${due}。`
              : `「${input.name}」无人可办理：${identities.join(', ') || '未指定办理人'} 未对应任何在职人员，请检查组织数据。`;
          const created = await createNotifications(
            tx,
            { key: `task-assigned:${input.workflowId}:${input.taskKey}`, kind: 'task-assigned', workflowId: input.workflowId, taskId: task.id, title: `${KIND_TITLE['task-assigned']}：${input.name}`, body },
            recipients,
          );
          return { taskId: task.id, created };
        });
        announce(result.created);
        return { taskId: result.taskId };
      }),

    closeUserTask: (input: CloseUserTaskInput) =>
      run(async () => {
        await writeTransaction(prisma, async (tx) => {
          const task = await tx.task.findUnique({ where: { workflowId_taskKey: { workflowId: input.workflowId, taskKey: input.taskKey } }, select: { id: true, state: true } });
          // unknown or already closed: a repeat of this call (or of the one that closed it first)
          if (!task || task.state !== 'open') return;
          await tx.task.update({
            where: { id: task.id },
            data: {
              state: input.outcome,
              completedBy: input.outcome === 'completed' ? (input.completedBy ?? null) : null,
              completedAt: new Date(),
              cancelReason: input.outcome === 'cancelled' ? (input.reason ?? null) : null,
              resultJson: input.variables ? JSON.stringify(input.variables) : null,
            },
          });
          await tx.taskCandidate.updateMany({ where: { taskId: task.id }, data: { open: false } });
        });
      }),

    notify: (input: NotifyInput) =>
      run(async () => {
        const created = await idempotent(async (tx) => {
          await ensureInstance(tx, input);
          const task = input.taskKey
            ? await tx.task.findUnique({ where: { workflowId_taskKey: { workflowId: input.workflowId, taskKey: input.taskKey } }, select: { id: true, name: true } })
            : null;
          // Resolve each recipient on its own: one bad identity must not silence the others, and
          // whatever cannot be resolved is reported to the admins instead of being lost.
          const people = new Map<number, ResolvedUser>();
          const unresolved: string[] = [];
          // a notice naming nobody (no recipients input, or an empty list) would vanish without a trace
          if (input.recipients.length === 0) unresolved.push('未指定收件人（no recipients）');
          for (const r of input.recipients) {
            try {
              const found = await resolveIdentity(tx, r, input.anchorUnit);
              if (found.length === 0) unresolved.push(`${r}（无在职人员）`);
              for (const u of found) people.set(u.id, u);
            } catch (e) {
              if (!(e instanceof IdentityError)) throw e;
              unresolved.push(e.message);
            }
          }
          if (input.kind === 'escalation' && task && input.level) {
            await tx.task.update({ where: { id: task.id }, data: { escalationLevel: input.level } });
          }
          if (input.kind === 'process-completed') {
            await tx.instance.updateMany({ where: { workflowId: input.workflowId, status: 'running' }, data: { status: 'completed', closedAt: new Date() } });
          }
          const subject = task?.name ?? input.processKey;
          const title = `${KIND_TITLE[input.kind] ?? input.kind}：${subject}${input.kind === 'escalation' && input.level ? `（${input.level}）` : ''}`;
          const base = { kind: input.kind, workflowId: input.workflowId, taskId: task?.id, level: input.level };
          const ids = await createNotifications(tx, { ...base, key: input.key, title, body: input.message }, [...people.values()].sort((a, b) => a.id - b.id));
          if (unresolved.length > 0) {
            const body = `${input.message}\n未能送达：${unresolved.join('；')}`;
            ids.push(...(await createNotifications(tx, { ...base, key: `${input.key}#unresolved`, title: `${title}（收件人无法解析）`, body }, await admins(tx))));
          }
          return ids;
        });
        announce(created);
      }),

    recordInstanceStart: (input) =>
      run(async () => {
        await idempotent(async (tx) => {
          await ensureInstance(tx, input);
          await tx.instance.update({ where: { workflowId: input.workflowId }, data: { startedBy: input.startedBy } });
        });
      }),

    raiseIncident: (input) =>
      run(async () => {
        const created = await idempotent(async (tx) => {
          const found = await tx.incident.findUnique({ where: { workflowId_key: { workflowId: input.workflowId, key: input.key } }, select: { id: true } });
          if (found) return [];
          await ensureInstance(tx, input);
          await tx.incident.create({ data: { key: input.key, workflowId: input.workflowId, elementId: input.elementId, message: input.message } });
          return createNotifications(
            tx,
            { key: `incident:${input.workflowId}:${input.key}`, kind: 'incident', workflowId: input.workflowId, title: `${KIND_TITLE.incident}：${input.processKey} / ${input.elementId}`, body: input.message },
            await admins(tx),
          );
        });
        announce(created);
      }),
  };
}
