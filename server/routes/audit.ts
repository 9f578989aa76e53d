// The audit trail of an instance: the Temporal history itself (the JSON `temporal workflow show -o
// json` writes), a human timeline derived from it, and a replay of it against today's workflow code.
import { z } from 'zod';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { ProcessGraph } from '../../bpmn/graph';
import { loadVisibleInstance } from '../access/instances';
import { deriveTimeline } from '../audit/timeline';
import type { AppDeps } from '../deps';
import { InstanceNotFoundError } from '../engine/process-engine';
import { NotFoundError } from '../errors';
import { route } from '../http/route';

const IdParams = z.object({ id: z.string().min(1).max(300) });

/** Names of a diagram's elements; a generated reminder/escalation timer is named with the task it belongs to. */
function elementNamesOf(graph: ProcessGraph): Record<string, string> {
  const names: Record<string, string> = {};
  for (const el of Object.values(graph.elements)) {
    const host = el.generatedFor ? graph.elements[el.generatedFor] : undefined;
    const own = el.name ?? el.id;
    names[el.id] = host ? `${host.name ?? host.id}: ${own}` : own;
  }
  return names;
}

export function auditRoutes(deps: AppDeps) {
  const { prisma, engine } = deps;

  async function historyOf(workflowId: string) {
    try {
      return await engine.history(workflowId);
    } catch (e) {
      if (e instanceof InstanceNotFoundError) throw new NotFoundError(`the workflow service has no history for ${workflowId}`);
      throw e;
    }
  }

  return [
    route({
      method: 'get',
      path: '/instances/:id/history',
      tag: 'audit',
      summary: 'The Temporal event history (same JSON as `temporal workflow show -o json`)',
      access: ['admin', 'official', 'auditor'],
      params: IdParams,
      responses: { 200: { description: 'history JSON: {events: [...]}' } },
      async handler({ params, caller, res }) {
        const row = await loadVisibleInstance(prisma, caller!, params.id);
        const history = await historyOf(row.workflowId);
        res.type('application/json').send(historyToJSON(history));
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/instances/:id/timeline',
      tag: 'audit',
      summary: 'Who did what, when, on which element, with which decision (derived from the history and the task rows)',
      access: ['admin', 'official', 'auditor'],
      params: IdParams,
      async handler({ params, caller }) {
        const row = await loadVisibleInstance(prisma, caller!, params.id);
        const [history, tasks, version] = await Promise.all([
          historyOf(row.workflowId),
          prisma.task.findMany({ where: { workflowId: row.workflowId }, select: { taskKey: true, elementId: true, name: true } }),
          prisma.deployment.findUnique({ where: { id: row.versionId }, select: { graphJson: true } }),
        ]);
        const elementNames = version ? elementNamesOf(JSON.parse(version.graphJson) as ProcessGraph) : {};
        return { instanceId: row.workflowId, timeline: deriveTimeline(history, { startedBy: row.startedBy, tasks, elementNames }) };
      },
    }),
    route({
      method: 'post',
      path: '/instances/:id/replay',
      tag: 'audit',
      summary: 'Replay the history against the current workflow code: {ok: true} or {ok: false, error} (the determinism error)',
      access: ['admin', 'auditor'],
      // replay runs the workflow code on a copy of the history and changes nothing: auditors may
      readOnly: true,
      params: IdParams,
      async handler({ params, caller }) {
        const row = await loadVisibleInstance(prisma, caller!, params.id);
        const history = await historyOf(row.workflowId);
        return engine.replay(row.workflowId, history);
      },
    }),
  ];
}
