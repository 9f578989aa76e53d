// Every API route, in the order they are mounted and documented.
import type { AppDeps } from '../deps';
import { openApiDocument } from '../http/openapi';
import { route, type RouteSpec } from '../http/route';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { deploymentRoutes } from './deployments';
import { instanceRoutes } from './instances';
import { notificationRoutes } from './notifications';
import { orgRoutes } from './org';
import { scheduleRoutes } from './schedules';
import { taskRoutes } from './tasks';

export function apiRoutes(deps: AppDeps): RouteSpec[] {
  const specs: RouteSpec[] = [
    ...authRoutes(deps),
    ...deploymentRoutes(deps),
    ...scheduleRoutes(deps),
    ...instanceRoutes(deps),
    ...auditRoutes(deps),
    ...taskRoutes(deps),
    ...notificationRoutes(deps),
    ...orgRoutes(deps),
  ];
  const meta: RouteSpec[] = [
    route({
      method: 'get',
      path: '/openapi.json',
      tag: 'meta',
      summary: 'This API described as OpenAPI 3.1 (generated from the same declarations that validate requests)',
      access: 'public',
      async handler() {
        return openApiDocument(all, { version: deps.version ?? '0.1.0' });
      },
    }),
    route({
      method: 'get',
      path: '/health',
      tag: 'meta',
      summary: 'Liveness: the database answers',
      access: 'public',
      async handler() {
        await deps.prisma.$queryRaw`SELECT 1`;
        return { ok: true };
      },
    }),
  ];
  const all = [...meta, ...specs];
  return all;
}
