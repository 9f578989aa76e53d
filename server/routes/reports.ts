// Reports: the yearly report of the agency–compound pairings (process A), as JSON or CSV.
// Officials see the rows of their own units (agency or compound in their scope).
import { z } from 'zod';
import { loadVisibleInstance } from '../access/instances';
import { unitScopeOf } from '../access/units';
import type { AppDeps } from '../deps';
import { NotFoundError } from '../errors';
import { route } from '../http/route';
import { pairingRecords } from '../reports/pairing-instance';
import { pairingYearCsv, pairingYearReport } from '../reports/pairing-year';

const InstanceParams = z.object({ id: z.string().min(1).max(300) });

const PairingReportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  format: z.enum(['json', 'csv']).default('json'),
});

export function reportRoutes(deps: AppDeps) {
  const { prisma } = deps;
  return [
    route({
      method: 'get',
      path: '/reports/pairing',
      tag: 'reports',
      summary: "The year's pairings per agency and compound (projects, overdue, reports sent back, ratings, agreement) and the agencies with none; ?format=csv for a spreadsheet",
      access: ['admin', 'official', 'auditor'],
      query: PairingReportQuery,
      responses: { 200: { description: '{year, rows} or text/csv' } },
      async handler({ query, caller, res }) {
        const visible = caller!.role === 'official' ? (await unitScopeOf(prisma, caller!)).codes : undefined;
        const rows = await pairingYearReport(prisma, query.year, visible);
        if (query.format === 'csv') {
          res.setHeader('content-disposition', `attachment; filename="pairing-${query.year}.csv"`);
          res.type('text/csv; charset=utf-8').send(pairingYearCsv(rows));
          return undefined;
        }
        return { year: query.year, rows };
      },
    }),
    route({
      method: 'get',
      path: '/instances/:id/pairing',
      tag: 'reports',
      summary: 'What a pairing instance recorded: the lists, the agreement and its signatures, each project with every report, the ratings',
      access: ['admin', 'official', 'auditor'],
      params: InstanceParams,
      async handler({ params, caller }) {
        const instance = await loadVisibleInstance(prisma, caller!, params.id);
        if (instance.processKey !== 'pairing') throw new NotFoundError(`${params.id} is not a pairing`);
        return { records: await pairingRecords(prisma, instance) };
      },
    }),
  ];
}
