// The task inbox. An official sees and acts on the tasks offered to them (TaskCandidate, resolved
// from the assignee and candidate groups of their unit or department when the task opened).
// Completing sends the workflow's `completeTask` Update: the workflow accepts or refuses, so when
// two officials complete one task at once exactly one wins and the other hears 409.
import { z } from 'zod';
import type { Prisma, Task } from '@prisma/client';
import type { FormField } from '../../bpmn/graph';
import { undeclaredFieldProblems } from '../../workflows/engine/declared-fields';
import { formViolations } from '../../workflows/engine/forms';
import { unknownAttachments } from './attachments';
import type { Caller } from '../auth/roles';
import type { AppDeps } from '../deps';
import { InstanceNotFoundError, TaskRejectedError } from '../engine/process-engine';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../errors';
import { route } from '../http/route';
import { orgFieldProblems } from '../access/org-fields';
import { assertSeparationOfDuties } from '../access/separation-of-duties';
import { readStoredJson } from '../http/stored-json';
import { Variables } from './instances';

const IdParams = z.object({ id: z.string().min(1).max(200) });

const ListQuery = z.object({
  state: z.enum(['open', 'completed', 'cancelled', 'all']).default('open'),
  overdue: z.enum(['true', 'false']).optional().describe('only tasks past their due date'),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  processKey: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

function taskView(t: Task & { instance?: { processKey: string; versionId: string; anchorUnit: string | null } }, now = Date.now()) {
  return {
    id: t.id,
    taskKey: t.taskKey,
    instanceId: t.workflowId,
    processKey: t.instance?.processKey,
    versionId: t.instance?.versionId,
    anchorUnit: t.instance?.anchorUnit ?? null,
    elementId: t.elementId,
    name: t.name,
    state: t.state,
    assignee: t.assignee,
    candidateGroups: JSON.parse(t.candidateGroupsJson) as string[],
    dueAt: t.dueAt?.toISOString() ?? null,
    overdue: t.state === 'open' && t.dueAt !== null && t.dueAt.getTime() < now,
    claimedBy: t.claimedBy,
    completedBy: t.completedBy,
    completedAt: t.completedAt?.toISOString() ?? null,
    escalationLevel: t.escalationLevel,
    formFields: JSON.parse(t.formFieldsJson) as FormField[],
    variables: readStoredJson<Record<string, unknown>>(t.variablesJson, {}),
    createdAt: t.createdAt.toISOString(),
  };
}

/**
 * Offered to this official. TaskCandidate holds everyone the assignee and the candidate groups
 * named when the task opened (the assignee included), so this one indexed lookup (userId, open)
 * decides; an OR on the assignee column would make SQLite scan every task.
 */
function offeredTo(caller: Caller, openOnly = false): Prisma.TaskWhereInput {
  return { candidates: { some: { userId: caller.userId, ...(openOnly ? { open: true } : {}) } } };
}

export function taskRoutes(deps: AppDeps) {
  const { prisma, engine } = deps;

  /** 404 unknown task, 403 not offered to this official */
  async function offered(caller: Caller, id: string): Promise<Task> {
    const task = await prisma.task.findUnique({ where: { id } });
    if (!task) throw new NotFoundError(`no task ${id}`);
    const mine = await prisma.task.count({ where: { AND: [{ id }, offeredTo(caller)] } });
    if (!mine) throw new ForbiddenError('this task is not offered to you or your unit');
    return task;
  }
  const guard = async ({ caller, params }: { caller: Caller | null; params: { id: string } }) => {
    await offered(caller!, params.id);
  };

  /** the task, if the official may act on it now: also 409 when closed or claimed by another */
  async function actionable(caller: Caller, id: string): Promise<Task> {
    const task = await offered(caller, id);
    if (task.state !== 'open') throw new ConflictError(`the task is already ${task.state}`, { state: task.state, completedBy: task.completedBy });
    if (task.claimedBy && task.claimedBy !== caller.username) throw new ConflictError(`the task is claimed by ${task.claimedBy}`, { claimedBy: task.claimedBy });
    return task;
  }

  return [
    route({
      method: 'get',
      path: '/tasks',
      tag: 'tasks',
      summary: 'My tasks, due soonest first (admins and auditors: every task)',
      access: ['admin', 'official', 'auditor'],
      query: ListQuery,
      async handler({ query, caller }) {
        const now = new Date();
        const due: Prisma.DateTimeNullableFilter = {};
        if (query.overdue === 'true') due.lt = now;
        if (query.dueBefore) due.lt = due.lt && due.lt < new Date(query.dueBefore) ? due.lt : new Date(query.dueBefore);
        const filter: Prisma.TaskWhereInput = {
          AND: [
            query.state === 'all' ? {} : { state: query.state },
            Object.keys(due).length ? { dueAt: due } : {},
            query.processKey ? { instance: { processKey: query.processKey } } : {},
          ],
        };
        const include = { instance: { select: { processKey: true, versionId: true, anchorUnit: true } } } as const;
        const order = [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }] as const;
        let rows: (Task & { instance: { processKey: string; versionId: string; anchorUnit: string | null } })[];
        let total: number;
        if (caller!.role === 'official') {
          // driven from the official's candidate rows (index userId+open), each joined to its task:
          // filtering Task by a sub-select on candidates makes SQLite walk every task instead
          const where: Prisma.TaskCandidateWhereInput = { userId: caller!.userId, ...(query.state === 'open' ? { open: true } : {}), task: filter };
          const [found, count] = await Promise.all([
            prisma.taskCandidate.findMany({
              where,
              include: { task: { include } },
              orderBy: order.map((o) => ({ task: o })) as Prisma.TaskCandidateOrderByWithRelationInput[],
              take: query.limit,
              skip: query.offset,
            }),
            prisma.taskCandidate.count({ where }),
          ]);
          rows = found.map((c) => c.task);
          total = count;
        } else {
          [rows, total] = await Promise.all([
            prisma.task.findMany({ where: filter, include, orderBy: [...order], take: query.limit, skip: query.offset }),
            prisma.task.count({ where: filter }),
          ]);
        }
        return { tasks: rows.map((t) => taskView(t, now.getTime())), total };
      },
    }),
    route({
      method: 'get',
      path: '/tasks/:id',
      tag: 'tasks',
      summary: 'One task with its form fields and the variables shown with it',
      access: ['admin', 'official', 'auditor'],
      params: IdParams,
      async handler({ params, caller }) {
        const task = await prisma.task.findUnique({ where: { id: params.id }, include: { instance: { select: { processKey: true, versionId: true, anchorUnit: true } } } });
        if (!task) throw new NotFoundError(`no task ${params.id}`);
        if (caller!.role === 'official' && !(await prisma.task.count({ where: { AND: [{ id: task.id }, offeredTo(caller!)] } }))) {
          throw new ForbiddenError('this task is not offered to you or your unit');
        }
        return { task: taskView(task) };
      },
    }),
    route({
      method: 'post',
      path: '/tasks/:id/claim',
      guard,
      tag: 'tasks',
      summary: 'Claim an open task so colleagues see you are on it',
      access: ['official'],
      params: IdParams,
      async handler({ params, caller }) {
        const task = await actionable(caller!, params.id);
        await assertSeparationOfDuties(prisma, task, caller!.username);
        const won = await prisma.task.updateMany({
          where: { id: params.id, state: 'open', OR: [{ claimedBy: null }, { claimedBy: caller!.username }] },
          data: { claimedBy: caller!.username },
        });
        if (!won.count) throw new ConflictError('someone else claimed or closed the task first');
        return { task: taskView(await prisma.task.findUniqueOrThrow({ where: { id: params.id }, include: { instance: { select: { processKey: true, versionId: true, anchorUnit: true } } } })) };
      },
    }),
    route({
      method: 'post',
      path: '/tasks/:id/unclaim',
      guard,
      tag: 'tasks',
      summary: 'Give a claimed task back to the group',
      access: ['official'],
      params: IdParams,
      async handler({ params, caller }) {
        const task = await actionable(caller!, params.id);
        if (task.claimedBy !== caller!.username) throw new ConflictError('you have not claimed this task');
        await prisma.task.updateMany({ where: { id: params.id, claimedBy: caller!.username }, data: { claimedBy: null } });
        return { task: taskView(await prisma.task.findUniqueOrThrow({ where: { id: params.id }, include: { instance: { select: { processKey: true, versionId: true, anchorUnit: true } } } })) };
      },
    }),
    route({
      method: 'post',
      path: '/tasks/:id/complete',
      guard,
      tag: 'tasks',
      summary: "Complete a task with the values of its form (checked against the form's fields)",
      access: ['official'],
      params: IdParams,
      body: { kind: 'json', schema: z.strictObject({ variables: Variables.default({}) }) },
      responses: {
        200: { description: 'the workflow accepted the completion' },
        403: { description: 'the task is not offered to you, or separation of duties excludes you (you did a task its gov:notDoneBy names)' },
        409: { description: 'already completed or cancelled (or claimed by someone else)' },
        422: { description: 'the values do not fit the form: details lists each field' },
      },
      async handler({ params, caller, body }) {
        const task = await actionable(caller!, params.id);
        await assertSeparationOfDuties(prisma, task, caller!.username);
        const fields = JSON.parse(task.formFieldsJson) as FormField[];
        const problems = [...formViolations(fields, body.variables), ...undeclaredFieldProblems(fields, body.variables)];
        if (!problems.length) problems.push(...(await orgFieldProblems(prisma, fields, body.variables)));
        if (!problems.length) problems.push(...(await unknownAttachments(prisma, task.workflowId, fields, body.variables)));
        if (problems.length) throw new UnprocessableError('the values do not fit the form', problems);
        try {
          await engine.completeTask(task.workflowId, { taskKey: task.taskKey, completedBy: caller!.username, variables: body.variables });
        } catch (e) {
          if (e instanceof TaskRejectedError) {
            if (e.reason === 'closed') throw new ConflictError('the task was already completed', { reason: e.message });
            if (e.reason === 'forbidden') throw new ForbiddenError(e.message);
            throw new UnprocessableError('the workflow refused the values', [e.message]);
          }
          // a row whose workflow Temporal does not have (e.g. a gridflow.db restored from a newer backup)
          if (e instanceof InstanceNotFoundError) throw new ConflictError('the task belongs to no process instance Temporal knows', { instanceId: task.workflowId });
          throw e;
        }
        return { completed: true, taskId: task.id, instanceId: task.workflowId };
      },
    }),
  ];
}
