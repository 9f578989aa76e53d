// The audit trail of an instance: the Temporal history itself (the JSON `temporal workflow show -o
// json` writes), a human timeline derived from it, and a replay of it against today's workflow code.
import { z } from 'zod';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadVisibleInstance } from '../access/instances';
import { deriveTimeline } from '../audit/timeline';
import type { AppDeps } from '../deps';
import { InstanceNotFoundError } from '../engine/process-engine';
import { NotFoundError } from '../errors';
import { route } from '../http/route';

const IdParams = z.object({ id: z.string().min(1).max(300) });

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
        const [history, tasks] = await Promise.all([
          historyOf(row.workflowId),
          prisma.task.findMany({ where: { workflowId: row.workflowId }, select: { taskKey: true, elementId: true, name: true } }),
        ]);
        return { instanceId: row.workflowId, timeline: deriveTimeline(history, { startedBy: row.startedBy, tasks }) };
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
