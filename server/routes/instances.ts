// Process instances: start, list, read (live state from the workflow's `state` query with the rows
// gridflow keeps), cancel.
//
// Who may start, with which variables: server/access/start-rights.ts, as the diagram declares it
// (gov:startableBy, gov:startVariable). An official always starts a process about a unit in their
// scope (compoundCode, else unitCode): a street secretary starts a project for a compound of the
// street, not for another street's. An instance about no unit can be started by admins only.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ProcessGraph } from '../../bpmn/graph';
import { loadVisibleInstance, visibleInstancesWhere, instanceStatus } from '../access/instances';
import { messageVariableProblems, retryVariableProblems } from '../access/declared-variables';
import { checkStart } from '../access/start-rights';
import type { AppDeps } from '../deps';
import { closeInstanceRow } from '../engine/instance-status';
import { InstanceNotFoundError, NoIncidentError } from '../engine/process-engine';
import { ConflictError, NotFoundError, ServiceUnavailableError, UnprocessableError } from '../errors';
import { route } from '../http/route';
import { runStartCheck } from '../start-checks';
import { readStoredJson } from '../http/stored-json';

export const Variables = z.record(z.string().max(200), z.unknown()).describe('process variables (a JSON object)');
const IdParams = z.object({ id: z.string().min(1).max(300) });
const STATUSES = ['running', 'completed', 'failed', 'cancelled', 'terminated'] as const;

const StartBody = z.strictObject({
  processKey: z.string().min(1).max(200),
  /** a specific version number; default the latest */
  version: z.number().int().positive().optional(),
  businessKey: z.string().max(200).optional(),
  variables: Variables.default({}),
});

const ListQuery = z.object({
  processKey: z.string().max(200).optional(),
  status: z.enum(STATUSES).optional(),
  compound: z.string().max(200).optional().describe('anchor unit code (compoundCode / unitCode start variable)'),
  startedFrom: z.iso.datetime({ offset: true }).optional(),
  startedTo: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

function anchorOf(variables: Record<string, unknown>): string | undefined {
  for (const name of ['compoundCode', 'unitCode']) {
    const v = variables[name];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function instanceView(i: { workflowId: string; processKey: string; versionId: string; status: string; businessKey: string | null; anchorUnit: string | null; parentWorkflowId: string | null; startedBy: string | null; startedAt: Date; closedAt: Date | null }) {
  return {
    id: i.workflowId,
    processKey: i.processKey,
    versionId: i.versionId,
    status: i.status,
    businessKey: i.businessKey,
    anchorUnit: i.anchorUnit,
    parentId: i.parentWorkflowId,
    startedBy: i.startedBy,
    startedAt: i.startedAt.toISOString(),
    closedAt: i.closedAt?.toISOString() ?? null,
  };
}

export function instanceRoutes(deps: AppDeps) {
  const { prisma, engine } = deps;

  /** the graph of the version an instance runs */
  async function graphOf(versionId: string): Promise<ProcessGraph> {
    const deployment = await prisma.deployment.findUniqueOrThrow({ where: { id: versionId }, select: { graphJson: true } });
    return JSON.parse(deployment.graphJson) as ProcessGraph;
  }

  /** brings the row's status in line with Temporal's (the workflow is the truth) */
  async function reconcile(workflowId: string, rowStatus: string): Promise<string> {
    if (rowStatus !== 'running') return rowStatus;
    try {
      const d = await engine.describe(workflowId);
      const status = instanceStatus(d.status);
      if (status === 'running') return status;
      await closeInstanceRow(prisma, workflowId, status, d.closeTime ?? new Date());
      return status;
    } catch (e) {
      if (e instanceof InstanceNotFoundError) return rowStatus;
      throw e;
    }
  }

  return [
    route({
      method: 'post',
      path: '/instances',
      tag: 'instances',
      summary: 'Start a process instance of the latest (or a given) version',
      access: ['admin', 'official'],
      body: { kind: 'json', schema: StartBody, description: "only the diagram's start variables; officials: compoundCode/unitCode must name a unit in their scope" },
      status: 201,
      responses: {
        201: { description: 'started' },
        403: { description: 'the process is not started by this official, or not with these values: details name the variable' },
        404: { description: 'no such process or version' },
        409: { description: 'the process allows one instance for these start variables (pairing: one per compound, agency and year)' },
        422: { description: 'start variables undeclared, missing, of the wrong type, or naming a unit or date that does not fit: details name each' },
      },
      async handler({ body, caller }) {
        const deployment = await prisma.deployment.findFirst({
          where: { processKey: body.processKey, ...(body.version ? { version: body.version } : {}) },
          orderBy: { version: 'desc' },
        });
        if (!deployment) throw new NotFoundError(`no deployed process ${body.processKey}${body.version ? ` version ${body.version}` : ''}`);
        const graph = JSON.parse(deployment.graphJson) as ProcessGraph;
        const anchorUnit = anchorOf(body.variables);
        await checkStart(prisma, caller!, graph, body.variables, anchorUnit);
        await runStartCheck(prisma, deployment.processKey, body.variables);
        const workflowId = `${deployment.processKey}-${randomUUID()}`;
        await prisma.instance.create({
          data: {
            workflowId,
            processKey: deployment.processKey,
            versionId: deployment.id,
            businessKey: body.businessKey ?? null,
            anchorUnit: anchorUnit ?? null,
            startedBy: caller!.username,
            variablesJson: JSON.stringify(body.variables),
          },
        });
        try {
          await engine.start({ workflowId, processKey: deployment.processKey, versionId: deployment.id, variables: body.variables, startedBy: caller!.username, anchorUnit, businessKey: body.businessKey });
        } catch (e) {
          await prisma.instance.delete({ where: { workflowId } }).catch(() => undefined);
          throw new ServiceUnavailableError('the workflow service did not accept the instance', { reason: e instanceof Error ? e.message : String(e) });
        }
        const row = await prisma.instance.findUniqueOrThrow({ where: { workflowId } });
        return { instance: instanceView(row) };
      },
    }),
    route({
      method: 'get',
      path: '/instances',
      tag: 'instances',
      summary: 'Process instances, newest first (officials: those about their units or that offered them a task)',
      access: ['admin', 'official', 'auditor'],
      query: ListQuery,
      async handler({ query, caller }) {
        const where = {
          AND: [
            await visibleInstancesWhere(prisma, caller!),
            {
              ...(query.processKey ? { processKey: query.processKey } : {}),
              ...(query.status ? { status: query.status } : {}),
              ...(query.compound ? { anchorUnit: query.compound } : {}),
              ...(query.startedFrom || query.startedTo
                ? { startedAt: { ...(query.startedFrom ? { gte: new Date(query.startedFrom) } : {}), ...(query.startedTo ? { lte: new Date(query.startedTo) } : {}) } }
                : {}),
            },
          ],
        };
        const [rows, total] = await Promise.all([
          prisma.instance.findMany({ where, orderBy: [{ startedAt: 'desc' }, { workflowId: 'asc' }], take: query.limit, skip: query.offset }),
          prisma.instance.count({ where }),
        ]);
        return { instances: rows.map(instanceView), total };
      },
    }),
    route({
      method: 'get',
      path: '/instances/:id',
      tag: 'instances',
      summary: "One instance: its rows (tasks, incidents) and the workflow's live state",
      access: ['admin', 'official', 'auditor'],
      params: IdParams,
      async handler({ params, caller }) {
        const row = await loadVisibleInstance(prisma, caller!, params.id);
        const status = await reconcile(row.workflowId, row.status);
        const [tasks, incidents, state] = await Promise.all([
          prisma.task.findMany({ where: { workflowId: row.workflowId }, orderBy: { createdAt: 'asc' } }),
          prisma.incident.findMany({ where: { workflowId: row.workflowId }, orderBy: { createdAt: 'asc' } }),
          engine.state(row.workflowId).catch(() => null),
        ]);
        const fresh = await prisma.instance.findUniqueOrThrow({ where: { workflowId: row.workflowId } });
        return {
          instance: { ...instanceView(fresh), status, variables: readStoredJson(fresh.variablesJson, {}) },
          state,
          tasks: tasks.map((t) => ({
            id: t.id, taskKey: t.taskKey, elementId: t.elementId, name: t.name, state: t.state, assignee: t.assignee,
            dueAt: t.dueAt?.toISOString() ?? null, claimedBy: t.claimedBy, completedBy: t.completedBy,
            completedAt: t.completedAt?.toISOString() ?? null, result: readStoredJson(t.resultJson, null),
            cancelReason: t.cancelReason, escalationLevel: t.escalationLevel,
          })),
          incidents: incidents.map((i) => ({ id: i.id, elementId: i.elementId, message: i.message, state: i.state, createdAt: i.createdAt.toISOString() })),
        };
      },
    }),
    route({
      method: 'post',
      path: '/instances/:id/cancel',
      tag: 'instances',
      summary: 'Ask the workflow to cancel (its open tasks are cancelled with it)',
      access: ['admin'],
      params: IdParams,
      status: 202,
      responses: { 202: { description: 'cancellation requested' }, 409: { description: 'the instance is already closed' } },
      async handler({ params, caller }) {
        const row = await loadVisibleInstance(prisma, caller!, params.id);
        const status = await reconcile(row.workflowId, row.status);
        if (status !== 'running') throw new ConflictError(`instance ${row.workflowId} is already ${status}`);
        await engine.cancel(row.workflowId, caller!.username);
        return { id: row.workflowId, cancelRequested: true };
      },
    }),
    route({
      method: 'post',
      path: '/instances/:id/incidents/retry',
      tag: 'instances',
      summary: 'Retry the step of an incident (e.g. a FEEL error), after setting the variables it lacked',
      access: ['admin'],
      params: IdParams,
      body: { kind: 'json', schema: z.strictObject({ elementId: z.string().min(1).max(200), variables: Variables.optional() }) },
      responses: { 200: { description: 'retried' }, 409: { description: 'no open incident on that element' }, 422: { description: 'a variable the process does not declare: details name it' } },
      async handler({ params, caller, body }) {
        const row = await loadVisibleInstance(prisma, caller!, params.id);
        const problems = retryVariableProblems(await graphOf(row.versionId), body.variables ?? {});
        if (problems.length) throw new UnprocessableError('the process declares no such variables', problems);
        try {
          await engine.retryIncident(row.workflowId, { ...body, requestedBy: caller!.username });
        } catch (e) {
          if (e instanceof NoIncidentError) throw new ConflictError(e.message);
          if (e instanceof InstanceNotFoundError) throw new NotFoundError(e.message);
          throw e;
        }
        await prisma.incident.updateMany({
          where: { workflowId: row.workflowId, elementId: body.elementId, state: 'open' },
          data: { state: 'resolved', resolvedAt: new Date(), resolvedBy: caller!.username },
        });
        return { id: row.workflowId, retried: body.elementId };
      },
    }),
    route({
      method: 'post',
      path: '/instances/:id/messages',
      tag: 'instances',
      summary: 'Deliver a BPMN message to the instance (a message catch event or boundary waiting for it)',
      access: ['admin'],
      params: IdParams,
      status: 202,
      responses: { 202: { description: 'delivered' }, 409: { description: 'the instance is closed' }, 422: { description: 'a variable the message does not declare (gov:subscription variables): details name it' } },
      body: {
        kind: 'json',
        schema: z.strictObject({ name: z.string().min(1).max(200), correlationKey: z.string().max(200).optional(), variables: Variables.optional() }),
      },
      async handler({ params, caller, body }) {
        const row = await loadVisibleInstance(prisma, caller!, params.id);
        if ((await reconcile(row.workflowId, row.status)) !== 'running') throw new ConflictError(`instance ${row.workflowId} is closed`);
        const problems = messageVariableProblems(await graphOf(row.versionId), body.name, body.variables ?? {});
        if (problems.length) throw new UnprocessableError(`message ${body.name} does not set these variables`, problems);
        await engine.message(row.workflowId, body, caller!.username);
        return { id: row.workflowId, delivered: body.name };
      },
    }),
  ];
}
