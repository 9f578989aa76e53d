// Separation of duties at the API: an official the task's gov:notDoneBy rule excludes (they
// completed one of the named tasks of this instance) may neither claim nor complete it. The
// workflow holds the same rule on completion, so a direct update cannot get round it either.
import type { PrismaClient, Task } from '@prisma/client';
import type { ProcessGraph } from '../../bpmn/graph';
import { ForbiddenError } from '../errors';

/** Throws 403 naming the rule when `username` may not do `task`. */
export async function assertSeparationOfDuties(prisma: PrismaClient, task: Task, username: string): Promise<void> {
  const instance = await prisma.instance.findUnique({ where: { workflowId: task.workflowId }, select: { version: { select: { graphJson: true } } } });
  if (!instance) return;
  const graph = JSON.parse(instance.version.graphJson) as ProcessGraph;
  const el = graph.elements[task.elementId];
  if (el?.kind !== 'userTask' || !el.notDoneBy?.length) return;
  const done = await prisma.task.findFirst({
    where: { workflowId: task.workflowId, elementId: { in: el.notDoneBy }, state: 'completed', completedBy: username },
    select: { elementId: true, name: true },
  });
  if (!done) return;
  throw new ForbiddenError(
    `separation of duties: ${el.name ?? el.id} (${el.id}) may not be done by whoever did ${done.name} (${done.elementId}), and you did`,
    { rule: 'notDoneBy', elementId: el.id, notDoneBy: el.notDoneBy, completed: done.elementId },
  );
}
