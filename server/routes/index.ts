// Every API route, in the order they are mounted and documented.
import type { AppDeps } from '../deps';
import { openApiDocument } from '../http/openapi';
import { route, type RouteSpec } from '../http/route';
import { attachmentRoutes } from './attachments';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { deploymentRoutes } from './deployments';
import { healthRoute } from './health';
import { instanceRoutes } from './instances';
import { meetingRoutes } from './meeting';
import { notificationRoutes } from './notifications';
import { orgRoutes } from './org';
import { reportRoutes } from './reports';
import { scheduleRoutes } from './schedules';
import { taskRoutes } from './tasks';
import { voteRoutes } from './vote';

export function apiRoutes(deps: AppDeps): RouteSpec[] {
  const specs: RouteSpec[] = [
    ...authRoutes(deps),
    ...deploymentRoutes(deps),
    ...scheduleRoutes(deps),
    ...instanceRoutes(deps),
    ...attachmentRoutes(deps),
    ...auditRoutes(deps),
    ...taskRoutes(deps),
    ...notificationRoutes(deps),
    ...orgRoutes(deps),
    ...reportRoutes(deps),
    ...meetingRoutes(deps),
    ...voteRoutes(deps),
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
    healthRoute(deps),
  ];
  const all = [...meta, ...specs];
  return all;
}
