// Process A's service activities: the two lists (stored, then matched), the confirmed pairing and
// its projects, and the yearly claim rule over every agency. The records written after signing
// (agreement, reports, ratings) are in pairing-records.ts.
import { DomainInputError } from '../errors';
import { proposeMatches, type MatchProposal } from '../matching';
import { itemsOf, projectRows, type ProjectRow } from '../pairingRows';
import { parseDemandList, parseResourceList } from '../textLists';
import { checkYearlyClaims, type YearlyClaimResult } from '../yearlyClaimCheck';
import { beijingToday, currentWorkflowId, domainCall, rowId, unitByCode, type DomainActivityDeps, type Tx } from './context';

export interface PairingProject {
  projectId: string;
  title: string;
  category: string;
  demand: string;
  resource: string;
  /** ISO duration of the project's own deadline */
  dueIn: string;
  /** id of the Project record */
  recordId: number;
}

const DAY_MS = 86_400_000;

/**
 * The optional fields of the forms after the confirmation (signing, rating), set to null: a
 * field left empty then reads as null in the recording activities' inputs, and a second signing
 * round (after a refusal) starts without the first round's reasons and scans.
 */
const OPTIONAL_LATER_FIELDS = {
  communitySignatureNote: null,
  communityAgreementFiles: null,
  agencySignatureNote: null,
  agencyAgreementFiles: null,
  agencyComment: null,
  communityComment: null,
} as const;

function yearOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new DomainInputError('year', `must be a year, got ${JSON.stringify(value)}`);
  return value;
}

/** The year's pairing round (one per year, created by the first pairing that needs it). */
export async function roundOfYear(tx: Tx, year: number) {
  const name = `${year}年度结对共建`;
  return (await tx.pairingRound.findFirst({ where: { year, name } })) ?? tx.pairingRound.create({ data: { year, name, status: 'running' } });
}

/** Rows of the lists written before 2026-12 were "|"-separated text: still read for instances started then. */
function legacyRows(input: { demandList?: unknown; resourceList?: unknown }) {
  if (typeof input.demandList !== 'string') return { demandList: input.demandList, resourceList: input.resourceList };
  return {
    demandList: parseDemandList(input.demandList).map((d) => ({ item: d.title, category: d.category, days: d.dueDays, keywords: (d.tags ?? []).join(',') })),
    resourceList: parseResourceList(input.resourceList).map((r) => ({ item: r.title, category: r.category, quantity: r.capacity, keywords: (r.tags ?? []).join(',') })),
  };
}

/** Older instances confirm the engine's proposal as is ({…, dueIn}); new ones the coordinator's rows ({…, days}). */
function confirmedRows(input: { confirmedProjects?: unknown; proposedProjects?: unknown }): ProjectRow[] {
  if (input.confirmedProjects !== undefined && input.confirmedProjects !== null) return projectRows(input.confirmedProjects);
  if (!Array.isArray(input.proposedProjects)) throw new DomainInputError('confirmedProjects', 'must be a list of rows');
  return projectRows(
    input.proposedProjects.map((p: { title: string; category?: string; demand: string; resource: string; dueIn?: string }) => ({ ...p, days: Number(/^P(\d+)D$/.exec(p.dueIn ?? '')?.[1] ?? 90) })),
    'proposedProjects',
  );
}

export function pairingActivities({ prisma }: DomainActivityDeps) {
  return {
    /** Keeps the submitted lists as DemandList/ResourceList rows of the year's round (a resubmission replaces the items). */
    recordPairingLists: (input: { year?: unknown; compoundCode?: unknown; agencyCode?: unknown; demandList?: unknown; resourceList?: unknown }) =>
      domainCall(async (): Promise<{ demandListId: number; resourceListId: number }> => {
        const year = yearOf(input.year);
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        const agency = await unitByCode(prisma, input.agencyCode, 'agencyCode', 'agency');
        const { demands, resources } = itemsOf(input.demandList, input.resourceList);
        const workflowId = currentWorkflowId();
        return prisma.$transaction(async (tx) => {
          const round = await roundOfYear(tx, year);
          const now = new Date();
          const dl = await tx.demandList.upsert({
            where: { roundId_compoundId: { roundId: round.id, compoundId: compound.id } },
            create: { roundId: round.id, compoundId: compound.id, status: 'submitted', submittedBy: workflowId, submittedAt: now },
            update: { status: 'submitted', submittedBy: workflowId, submittedAt: now },
          });
          await tx.demandItem.deleteMany({ where: { listId: dl.id, projects: { none: {} } } });
          for (const d of demands) {
            if (!(await tx.demandItem.findFirst({ where: { listId: dl.id, title: d.title } }))) {
              await tx.demandItem.create({ data: { listId: dl.id, title: d.title, category: d.category, description: `${d.dueDays}天${d.tags?.length ? `;${d.tags.join(',')}` : ''}` } });
            }
          }
          const rl = await tx.resourceList.upsert({
            where: { roundId_agencyId: { roundId: round.id, agencyId: agency.id } },
            create: { roundId: round.id, agencyId: agency.id, status: 'submitted', submittedBy: workflowId, submittedAt: now },
            update: { status: 'submitted', submittedBy: workflowId, submittedAt: now },
          });
          await tx.resourceItem.deleteMany({ where: { listId: rl.id, projects: { none: {} } } });
          for (const r of resources) {
            if (!(await tx.resourceItem.findFirst({ where: { listId: rl.id, title: r.title } }))) {
              await tx.resourceItem.create({ data: { listId: rl.id, title: r.title, category: r.category, description: `可服务${r.capacity}项` } });
            }
          }
          return { demandListId: dl.id, resourceListId: rl.id };
        });
      }),

    /** Proposes matches; proposedProjects are rows of the coordinator's editable project table, unmatchedDemands what is left to pair by hand. */
    proposeMatches: (input: { demandList?: unknown; resourceList?: unknown }) =>
      domainCall((): { matchProposal: MatchProposal; proposedProjects: ProjectRow[]; unmatchedDemands: string[] } => {
        const { demands, resources } = itemsOf(...(Object.values(legacyRows(input)) as [unknown, unknown]));
        const matchProposal = proposeMatches(demands, resources);
        const demandById = new Map(demands.map((d) => [d.id, d]));
        const resourceById = new Map(resources.map((r) => [r.id, r]));
        const proposedProjects = matchProposal.matches.map((m) => {
          const d = demandById.get(m.demandId)!;
          const r = resourceById.get(m.resourceId)!;
          return { title: `${d.title}(${r.title})`, category: d.category, demand: d.title, resource: r.title, days: d.dueDays };
        });
        return { matchProposal, proposedProjects, unmatchedDemands: matchProposal.unmatchedDemandIds.map((id) => demandById.get(id)!.title) };
      }),

    /**
     * The confirmed pairing of the year and one project per confirmed row; sets pairingId and
     * projects. Confirmed again (after a refused signature) the list is brought in line: projects
     * no longer listed are cancelled.
     */
    recordPairing: (input: { year?: unknown; compoundCode?: unknown; agencyCode?: unknown; confirmedProjects?: unknown; proposedProjects?: unknown }) =>
      domainCall(async (): Promise<{ pairingId: number; projects: PairingProject[] } & typeof OPTIONAL_LATER_FIELDS> => {
        const year = yearOf(input.year);
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        const agency = await unitByCode(prisma, input.agencyCode, 'agencyCode', 'agency');
        const rows = confirmedRows(input);
        const workflowId = currentWorkflowId();
        return prisma.$transaction(async (tx) => {
          const round = await roundOfYear(tx, year);
          const pairing = await tx.pairing.upsert({
            where: { roundId_agencyId_compoundId: { roundId: round.id, agencyId: agency.id, compoundId: compound.id } },
            create: { roundId: round.id, agencyId: agency.id, compoundId: compound.id, status: 'confirmed', confirmedAt: new Date() },
            update: { status: 'confirmed', confirmedAt: new Date() },
          });
          const demandItems = await tx.demandItem.findMany({ where: { list: { roundId: round.id, compoundId: compound.id } } });
          const resourceItems = await tx.resourceItem.findMany({ where: { list: { roundId: round.id, agencyId: agency.id } } });
          const projects: PairingProject[] = [];
          for (const [i, p] of rows.entries()) {
            const existing = await tx.project.findFirst({ where: { workflowId, pairingId: pairing.id, title: p.title } });
            const data = {
              description: `${p.demand} ← ${p.resource}`,
              demandItemId: demandItems.find((d) => d.title === p.demand)?.id ?? null,
              resourceItemId: resourceItems.find((r) => r.title === p.resource)?.id ?? null,
              status: 'in-progress',
            };
            const row = existing
              ? await tx.project.update({ where: { id: existing.id }, data })
              : await tx.project.create({ data: { ...data, kind: 'pairing', title: p.title, unitId: compound.id, pairingId: pairing.id, workflowId, deadline: new Date(Date.now() + p.days * DAY_MS) } });
            projects.push({ projectId: `p${i + 1}`, title: p.title, category: p.category ?? '', demand: p.demand, resource: p.resource, dueIn: `P${p.days}D`, recordId: row.id });
          }
          await tx.project.updateMany({ where: { workflowId, pairingId: pairing.id, id: { notIn: projects.map((p) => p.recordId) } }, data: { status: 'cancelled' } });
          return { pairingId: pairing.id, projects, ...OPTIONAL_LATER_FIELDS };
        });
      }),

    /** 销号: a verified project is closed. */
    closeProject: (input: { recordId?: unknown }) =>
      domainCall(async (): Promise<{ closed: boolean }> => {
        const id = rowId(input.recordId, 'recordId');
        const r = await prisma.project.updateMany({ where: { id, status: { not: 'closed' } }, data: { status: 'closed', closedAt: new Date() } });
        return { closed: r.count > 0 || (await prisma.project.count({ where: { id } })) > 0 };
      }),

    /**
     * The yearly rule over every agency (an agency never paired this year counts as having claimed
     * nothing): this pairing's projects plus the year's pairing projects recorded for any agency.
     * Sets the escalation's recipients and message too, so the diagram needs no list arithmetic.
     */
    checkYearlyClaim: (input: { agencyCode?: unknown; year?: unknown; cutoffDate?: unknown; projects?: unknown }) =>
      domainCall(async (): Promise<YearlyClaimResult & { escalationRecipients: string[]; escalationMessage: string }> => {
        if (typeof input.agencyCode !== 'string') throw new DomainInputError('agencyCode', 'must be a unit code');
        if (!Array.isArray(input.projects)) throw new DomainInputError('projects', 'must be a list');
        const year = yearOf(input.year);
        const cutoffDate = String(input.cutoffDate);
        const agencies = await prisma.unit.findMany({ where: { kind: 'agency' }, select: { code: true }, orderBy: { code: 'asc' } });
        const recorded = await prisma.project.findMany({
          // this instance's own projects come in as input (counted on the cut-off day): not twice
          where: { kind: 'pairing', status: { not: 'cancelled' }, pairing: { round: { year } }, NOT: { workflowId: currentWorkflowId() } },
          select: { createdAt: true, pairing: { select: { agency: { select: { code: true } } } } },
        });
        const agencyCodes = [...new Set([input.agencyCode, ...agencies.map((a) => a.code)])];
        const projects = [
          ...input.projects.map(() => ({ agencyCode: input.agencyCode as string, claimedOn: cutoffDate })),
          ...recorded.map((p) => ({ agencyCode: p.pairing!.agency.code, claimedOn: beijingToday(p.createdAt) })),
        ];
        const result = checkYearlyClaims({ year, cutoffDate, agencyCodes, projects });
        return {
          ...result,
          escalationRecipients: ['level:city:coordinator', 'level:street:secretary', ...result.agenciesWithoutProject.map((a) => `unit:${a}:secretary`)],
          escalationMessage: `${year}年度截止日(${cutoffDate})前未认领共建项目的单位:${result.agenciesWithoutProject.join('、')}`,
        };
      }),
  };
}
