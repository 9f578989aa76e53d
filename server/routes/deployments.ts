// Deployed process versions. Deploying compiles the XML; a diagram the compiler refuses answers 422
// with one {elementId, message} per problem, so the modeler can point at each element.
import { z } from 'zod';
import { deployProcess } from '../../activities/deployments';
import type { AppDeps } from '../deps';
import { syncStartSchedules } from '../engine/start-schedules';
import { NotFoundError, ServiceUnavailableError, UnprocessableError } from '../errors';
import { route } from '../http/route';
import { illegalCharacterReference } from '../http/xml-characters';

const DeploymentView = z.object({
  id: z.string(),
  processKey: z.string(),
  version: z.number(),
  hash: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});

const IdParams = z.object({ id: z.string().min(1).max(200) });

function view(d: { id: string; processKey: string; version: number; hash: string; name: string; createdAt: Date; createdBy: string | null }) {
  return { id: d.id, processKey: d.processKey, version: d.version, hash: d.hash, name: d.name, createdAt: d.createdAt.toISOString(), createdBy: d.createdBy };
}

const select = { id: true, processKey: true, version: true, hash: true, name: true, createdAt: true, createdBy: true } as const;

export function deploymentRoutes(deps: AppDeps) {
  const { prisma } = deps;
  return [
    route({
      method: 'post',
      path: '/deployments',
      tag: 'deployments',
      summary: 'Deploy a BPMN diagram as the next version of its process (same graph as the latest version: that version is returned)',
      access: ['admin'],
      body: { kind: 'xml', description: 'BPMN 2.0 XML with gov: extensions, up to 5 MB' },
      status: 201,
      responses: {
        201: { description: 'a new version', schema: z.object({ deployment: DeploymentView, created: z.boolean(), warnings: z.array(z.object({ elementId: z.string().nullable(), message: z.string() })), startSchedules: z.array(z.string()).describe('ids of the schedules of its timer start events') }) },
        200: { description: 'unchanged: the latest version has this graph' },
        422: { description: 'the diagram does not compile: details = [{elementId, message}]' },
        503: { description: 'deployed, but the timer start schedules could not be updated: deploy again' },
      },
      async handler({ body, caller, res }) {
        const badCharacter = illegalCharacterReference(body as string);
        if (badCharacter) throw new UnprocessableError('the diagram is not well-formed XML', [badCharacter]);
        const result = await deployProcess(prisma, body as string, { createdBy: caller!.username, compile: deps.compile, knownActivities: deps.knownActivities });
        if (!result.ok) throw new UnprocessableError('the diagram does not compile', result.problems);
        let startSchedules: string[] = [];
        if (deps.schedules) {
          try {
            startSchedules = await syncStartSchedules(deps.schedules, prisma, result.deployment.processKey);
          } catch (e) {
            deps.log?.(`start schedules of ${result.deployment.id} not updated`, e);
            throw new ServiceUnavailableError(`${result.deployment.id} is deployed but its timer start schedules could not be updated (${e instanceof Error ? e.message : String(e)}): deploy it again to retry`);
          }
        }
        res.locals.status = result.created ? 201 : 200;
        return { deployment: view(result.deployment), created: result.created, warnings: result.warnings, startSchedules };
      },
    }),
    route({
      method: 'get',
      path: '/deployments',
      tag: 'deployments',
      summary: 'Deployed versions, newest first',
      access: ['admin', 'official', 'auditor'],
      query: z.object({
        processKey: z.string().max(200).optional(),
        latest: z.enum(['true', 'false']).optional().describe('only the latest version of each process'),
      }),
      async handler({ query }) {
        const rows = await prisma.deployment.findMany({
          where: query.processKey ? { processKey: query.processKey } : {},
          orderBy: [{ processKey: 'asc' }, { version: 'desc' }],
          select,
        });
        const seen = new Set<string>();
        const kept = query.latest === 'true' ? rows.filter((r) => !seen.has(r.processKey) && seen.add(r.processKey)) : rows;
        return { deployments: kept.map(view) };
      },
    }),
    route({
      method: 'get',
      path: '/deployments/:id',
      tag: 'deployments',
      summary: 'One version with its compiled graph (elements, flows, start variables)',
      access: ['admin', 'official', 'auditor'],
      params: IdParams,
      async handler({ params }) {
        const d = await prisma.deployment.findUnique({ where: { id: params.id }, select: { ...select, graphJson: true } });
        if (!d) throw new NotFoundError(`no deployment ${params.id}`);
        return { deployment: view(d), graph: JSON.parse(d.graphJson) };
      },
    }),
    route({
      method: 'get',
      path: '/deployments/:id/xml',
      tag: 'deployments',
      summary: 'The BPMN XML of one version, as deployed',
      access: ['admin', 'official', 'auditor'],
      params: IdParams,
      responses: { 200: { description: 'BPMN XML', contentType: 'application/xml' } },
      async handler({ params, res }) {
        const d = await prisma.deployment.findUnique({ where: { id: params.id }, select: { xml: true } });
        if (!d) throw new NotFoundError(`no deployment ${params.id}`);
        res.type('application/xml').send(d.xml);
        return undefined;
      },
    }),
  ];
}
