// Process B's service activity: the level a secretary-led project was settled at.
import { DomainInputError } from '../errors';
import { settledLevel } from '../settledLevel';
import { currentWorkflowId, domainCall, stringList, type DomainActivityDeps } from './context';

export function projectActivities({ prisma }: DomainActivityDeps) {
  return {
    /**
     * The highest escalation level the instance's tasks on `elementIds` reached (the engine's notify
     * records it on the task), else baseLevel; written on the instance's project record if it has one.
     */
    recordSettledLevel: (input: { baseLevel?: unknown; elementIds?: unknown }) =>
      domainCall(async (): Promise<string> => {
        if (typeof input.baseLevel !== 'string') throw new DomainInputError('baseLevel', 'must be an org level such as "street"');
        const elementIds = stringList(input.elementIds, 'elementIds');
        const workflowId = currentWorkflowId();
        const tasks = await prisma.task.findMany({ where: { workflowId, elementId: { in: elementIds }, escalationLevel: { not: null } }, select: { escalationLevel: true } });
        const level = settledLevel({ baseLevel: input.baseLevel, reachedLevels: tasks.map((t) => t.escalationLevel!) });
        await prisma.project.updateMany({ where: { workflowId }, data: { levelSettled: level } });
        return level;
      }),
  };
}
