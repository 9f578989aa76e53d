// Which process instances a caller may read. Admins and auditors read all. An official reads an
// instance that is about a unit in their scope (anchor unit), that they started, or that offered
// them a task.
import type { Instance, Prisma, PrismaClient } from '@prisma/client';
import type { Caller } from '../auth/roles';
import { ForbiddenError, NotFoundError } from '../errors';
import { unitScopeOf } from './units';

export async function visibleInstancesWhere(prisma: PrismaClient, caller: Caller): Promise<Prisma.InstanceWhereInput> {
  if (caller.role !== 'official') return {};
  const scope = await unitScopeOf(prisma, caller);
  return {
    OR: [
      { anchorUnit: { in: [...scope.codes] } },
      { startedBy: caller.username },
      { tasks: { some: { candidates: { some: { userId: caller.userId } } } } },
    ],
  };
}

export async function loadVisibleInstance(prisma: PrismaClient, caller: Caller, workflowId: string): Promise<Instance> {
  const instance = await prisma.instance.findUnique({ where: { workflowId } });
  if (!instance) throw new NotFoundError(`no process instance ${workflowId}`);
  if (caller.role === 'official') {
    const visible = await prisma.instance.count({ where: { AND: [{ workflowId }, await visibleInstancesWhere(prisma, caller)] } });
    if (!visible) throw new ForbiddenError('this instance is not about your units and offered you no task');
  }
  return instance;
}

/** Temporal's execution status → Instance.status */
export function instanceStatus(temporalStatus: string): string {
  switch (temporalStatus) {
    case 'COMPLETED': return 'completed';
    case 'FAILED':
    case 'TIMED_OUT': return 'failed';
    case 'CANCELLED':
    case 'CANCELED': return 'cancelled';
    case 'TERMINATED': return 'terminated';
    default: return 'running';
  }
}
