// Process B's service activity: the level a secretary-led project was settled at.
import { DomainInputError } from '../errors';
import { settledLevel } from '../settledLevel';
import { currentWorkflowId, domainCall, stringList, unitByCode, type DomainActivityDeps } from './context';

const DAY_MS = 86_400_000;

export function projectActivities({ prisma }: DomainActivityDeps) {
  return {
    /** The project record the street reports on (one per instance): lead, deadline, status. */
    registerProject: (input: { title?: unknown; description?: unknown; unitCode?: unknown; proposer?: unknown; lead?: unknown; deadlineDays?: unknown }) =>
      domainCall(async (): Promise<{ projectId: number }> => {
        const unit = await unitByCode(prisma, input.unitCode, 'unitCode');
        if (typeof input.title !== 'string' || input.title.trim() === '') throw new DomainInputError('title', 'must be a non-empty string');
        const days = input.deadlineDays;
        if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) throw new DomainInputError('deadlineDays', `must be a whole number of days ≥ 1, got ${JSON.stringify(days)}`);
        const workflowId = currentWorkflowId();
        const data = {
          title: input.title,
          description: typeof input.description === 'string' ? input.description : '',
          unitId: unit.id,
          proposedBy: typeof input.proposer === 'string' ? input.proposer : null,
          leadBy: typeof input.lead === 'string' ? input.lead : null,
          deadline: new Date(Date.now() + days * DAY_MS),
          status: 'in-progress',
        };
        const existing = await prisma.project.findFirst({ where: { workflowId, kind: 'secretary-led' } });
        const row = existing
          ? await prisma.project.update({ where: { id: existing.id }, data })
          : await prisma.project.create({ data: { ...data, kind: 'secretary-led', workflowId } });
        return { projectId: row.id };
      }),

    /**
     * The highest escalation level the instance's tasks on `elementIds` reached (the engine's notify
     * records it on the task), else baseLevel; the instance's project record is closed with it.
     */
    recordSettledLevel: (input: { baseLevel?: unknown; elementIds?: unknown }) =>
      domainCall(async (): Promise<string> => {
        if (typeof input.baseLevel !== 'string') throw new DomainInputError('baseLevel', 'must be an org level such as "street"');
        const elementIds = stringList(input.elementIds, 'elementIds');
        const workflowId = currentWorkflowId();
        const tasks = await prisma.task.findMany({ where: { workflowId, elementId: { in: elementIds }, escalationLevel: { not: null } }, select: { escalationLevel: true } });
        const level = settledLevel({ baseLevel: input.baseLevel, reachedLevels: tasks.map((t) => t.escalationLevel!) });
        await prisma.project.updateMany({ where: { workflowId, kind: 'secretary-led' }, data: { levelSettled: level, status: 'closed', closedAt: new Date() } });
        return level;
      }),
  };
}
