// What a pairing instance has written to its tables, for the instance page: the lists, the
// agreement with its signatures, each project with every report, and the ratings.
import type { PrismaClient } from '@prisma/client';

const ids = (json: string) => JSON.parse(json) as string[];

export async function pairingRecords(prisma: PrismaClient, instance: { workflowId: string; variablesJson: string }) {
  const v = JSON.parse(instance.variablesJson) as { compoundCode?: unknown; agencyCode?: unknown; year?: unknown };
  if (typeof v.compoundCode !== 'string' || typeof v.agencyCode !== 'string' || typeof v.year !== 'number') return null;
  const pairing = await prisma.pairing.findFirst({
    where: { compound: { code: v.compoundCode }, agency: { code: v.agencyCode }, round: { year: v.year } },
    include: {
      agreement: { include: { signatures: true } },
      ratings: { include: { fromUnit: true, toUnit: true } },
      projects: { where: { workflowId: instance.workflowId }, orderBy: { id: 'asc' }, include: { reports: { orderBy: { id: 'asc' } } } },
    },
  });
  const demandList = await prisma.demandList.findFirst({ where: { compound: { code: v.compoundCode }, round: { year: v.year } }, include: { items: true } });
  const resourceList = await prisma.resourceList.findFirst({ where: { agency: { code: v.agencyCode }, round: { year: v.year } }, include: { items: true } });
  return {
    demandItems: demandList?.items.map((i) => ({ title: i.title, category: i.category, description: i.description })) ?? [],
    resourceItems: resourceList?.items.map((i) => ({ title: i.title, category: i.category, description: i.description })) ?? [],
    pairing: pairing && {
      id: pairing.id,
      status: pairing.status,
      confirmedAt: pairing.confirmedAt?.toISOString() ?? null,
      agreement: pairing.agreement && {
        title: pairing.agreement.title,
        status: pairing.agreement.status,
        signatures: pairing.agreement.signatures.map((s) => ({ side: s.side, signedBy: s.signedBy, signedAt: s.signedAt.toISOString(), attachmentIds: ids(s.attachmentIdsJson) })),
      },
      projects: pairing.projects.map((p) => ({
        id: p.id,
        title: p.title,
        description: p.description,
        status: p.status,
        deadline: p.deadline?.toISOString() ?? null,
        closedAt: p.closedAt?.toISOString() ?? null,
        reports: p.reports.map((r) => ({ report: r.report, verdict: r.verdict, opinion: r.opinion, attachmentIds: ids(r.attachmentIdsJson), createdAt: r.createdAt.toISOString() })),
      })),
      ratings: pairing.ratings.map((r) => ({ from: r.fromUnit.code, to: r.toUnit.code, score: r.score, comment: r.comment, ratedBy: r.ratedBy })),
    },
  };
}
