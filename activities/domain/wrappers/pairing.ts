// Process A's service activities: matching the two lists and the yearly claim rule.
import { DomainInputError } from '../errors';
import { proposeMatches, type MatchProposal } from '../matching';
import { parseDemandList, parseResourceList } from '../textLists';
import { checkYearlyClaims, type YearlyClaimResult } from '../yearlyClaimCheck';
import { beijingToday, currentWorkflowId, domainCall, rowId, unitByCode, type DomainActivityDeps } from './context';

export interface ProposedProject {
  projectId: string;
  title: string;
  category: string;
  demand: string;
  resource: string;
  /** ISO duration of the project's own deadline */
  dueIn: string;
}

export interface PairingProject extends ProposedProject {
  /** id of the Project record */
  recordId: number;
}

export function pairingActivities({ prisma }: DomainActivityDeps) {
  return {
    /** The confirmed pairing of the year and its project list, as records; projects = proposals with their record ids. */
    recordPairing: (input: { year?: unknown; compoundCode?: unknown; agencyCode?: unknown; proposedProjects?: unknown }) =>
      domainCall(async (): Promise<{ pairingId: number; projects: PairingProject[] }> => {
        const year = input.year;
        if (typeof year !== 'number' || !Number.isInteger(year)) throw new DomainInputError('year', `must be a year, got ${JSON.stringify(year)}`);
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        const agency = await unitByCode(prisma, input.agencyCode, 'agencyCode', 'agency');
        if (!Array.isArray(input.proposedProjects)) throw new DomainInputError('proposedProjects', 'must be a list');
        const proposals = input.proposedProjects as ProposedProject[];
        const workflowId = currentWorkflowId();
        return prisma.$transaction(async (tx) => {
          const name = `${year}年度结对共建`;
          const round = (await tx.pairingRound.findFirst({ where: { year, name } })) ?? (await tx.pairingRound.create({ data: { year, name, status: 'running' } }));
          const pairing = await tx.pairing.upsert({
            where: { roundId_agencyId_compoundId: { roundId: round.id, agencyId: agency.id, compoundId: compound.id } },
            create: { roundId: round.id, agencyId: agency.id, compoundId: compound.id, status: 'confirmed', confirmedAt: new Date() },
            update: { status: 'confirmed', confirmedAt: new Date() },
          });
          const projects: PairingProject[] = [];
          for (const p of proposals) {
            const existing = await tx.project.findFirst({ where: { workflowId, pairingId: pairing.id, title: p.title } });
            const row =
              existing ??
              (await tx.project.create({
                data: { kind: 'pairing', title: p.title, description: `${p.demand} ← ${p.resource}`, unitId: compound.id, pairingId: pairing.id, status: 'in-progress', workflowId },
              }));
            projects.push({ ...p, recordId: row.id });
          }
          return { pairingId: pairing.id, projects };
        });
      }),

    /** 销号: a verified project is closed. */
    closeProject: (input: { recordId?: unknown }) =>
      domainCall(async (): Promise<{ closed: boolean }> => {
        const id = rowId(input.recordId, 'recordId');
        const r = await prisma.project.updateMany({ where: { id, status: { not: 'closed' } }, data: { status: 'closed', closedAt: new Date() } });
        return { closed: r.count > 0 || (await prisma.project.count({ where: { id } })) > 0 };
      }),

    proposeMatches: (input: { demandList?: unknown; resourceList?: unknown }) =>
      domainCall((): { matchProposal: MatchProposal; proposedProjects: ProposedProject[] } => {
        const demands = parseDemandList(input.demandList);
        const resources = parseResourceList(input.resourceList);
        const matchProposal = proposeMatches(demands, resources);
        const demandById = new Map(demands.map((d) => [d.id, d]));
        const resourceById = new Map(resources.map((r) => [r.id, r]));
        const proposedProjects = matchProposal.matches.map((m) => {
          const d = demandById.get(m.demandId)!;
          const r = resourceById.get(m.resourceId)!;
          return { projectId: `${d.id}-${r.id}`, title: `${d.title}(${r.title})`, category: d.category, demand: d.title, resource: r.title, dueIn: `P${d.dueDays}D` };
        });
        return { matchProposal, proposedProjects };
      }),

    /** Has the agency claimed a project in the year: this pairing's projects plus pairing projects recorded for it elsewhere. */
    checkYearlyClaim: (input: { agencyCode?: unknown; year?: unknown; cutoffDate?: unknown; projects?: unknown }) =>
      domainCall(async (): Promise<YearlyClaimResult> => {
        if (typeof input.agencyCode !== 'string') throw new DomainInputError('agencyCode', 'must be a unit code');
        if (!Array.isArray(input.projects)) throw new DomainInputError('projects', 'must be a list');
        const year = Number(input.year);
        const cutoffDate = String(input.cutoffDate);
        const recorded = await prisma.project.findMany({
          where: { kind: 'pairing', pairing: { agency: { code: input.agencyCode } } },
          select: { createdAt: true },
        });
        const projects = [
          ...input.projects.map(() => ({ agencyCode: input.agencyCode as string, claimedOn: cutoffDate })),
          ...recorded.map((p) => ({ agencyCode: input.agencyCode as string, claimedOn: beijingToday(p.createdAt) })),
        ];
        return checkYearlyClaims({ year, cutoffDate, agencyCodes: [input.agencyCode], projects });
      }),
  };
}
