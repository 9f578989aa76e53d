// The org chart for admins and auditors: units (with their parent chain) and officials (with the
// roles they hold where).
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { route } from '../http/route';

const UnitsQuery = z.object({ kind: z.enum(['city', 'district', 'street', 'community', 'grid', 'compound', 'agency', 'department']).optional() });

export function orgRoutes({ prisma }: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/org/units',
      tag: 'org',
      summary: 'Org units (city … compound, agencies, departments) with their parent',
      access: ['admin', 'auditor'],
      query: UnitsQuery,
      async handler({ query }) {
        const units = await prisma.unit.findMany({
          where: query.kind ? { kind: query.kind } : {},
          orderBy: { id: 'asc' },
          select: { code: true, name: true, nameEn: true, kind: true, parent: { select: { code: true } } },
        });
        return { units: units.map(({ parent, ...u }) => ({ ...u, parentCode: parent?.code ?? null })) };
      },
    }),
    route({
      method: 'get',
      path: '/org/officials',
      tag: 'org',
      summary: 'Officials with their unit and the roles they hold in units',
      access: ['admin', 'auditor'],
      query: z.object({ unit: z.string().max(100).optional().describe('unit code: only officials holding a role there or belonging to it') }),
      async handler({ query }) {
        const users = await prisma.user.findMany({
          where: {
            role: 'official',
            ...(query.unit ? { OR: [{ unit: { code: query.unit } }, { memberships: { some: { unit: { code: query.unit } } } }] } : {}),
          },
          orderBy: { id: 'asc' },
          select: {
            username: true,
            displayName: true,
            email: true,
            active: true,
            unit: { select: { code: true, name: true } },
            memberships: { select: { role: true, unit: { select: { code: true, name: true } } } },
          },
        });
        return {
          officials: users.map((u) => ({ ...u, memberships: u.memberships.map((m) => ({ role: m.role, unitCode: m.unit.code, unitName: m.unit.name })) })),
        };
      },
    }),
  ];
}
