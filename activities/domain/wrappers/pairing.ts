// Process A's service activities: matching the two lists and the yearly claim rule.
import { DomainInputError } from '../errors';
import { proposeMatches, type MatchProposal } from '../matching';
import { parseDemandList, parseResourceList } from '../textLists';
import { checkYearlyClaims, type YearlyClaimResult } from '../yearlyClaimCheck';
import { beijingToday, domainCall, type DomainActivityDeps } from './context';

export interface ProposedProject {
  projectId: string;
  title: string;
  category: string;
  demand: string;
  resource: string;
  /** ISO duration of the project's own deadline */
  dueIn: string;
}

export function pairingActivities({ prisma }: DomainActivityDeps) {
  return {
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
