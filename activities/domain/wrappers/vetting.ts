// Process D's service activities over the org data and the candidate records.
import { DEFAULT_VETTING_DEPARTMENTS } from '../departments';
import { DomainInputError } from '../errors';
import { summariseVetting, type Review, type VettingOutcome } from '../vettingResult';
import { currentWorkflowId, domainCall, type DomainActivityDeps } from './context';

export function vettingActivities({ prisma }: DomainActivityDeps) {
  return {
    /** The departments to vet with: the requested codes (each must be a department), else the default 14 that exist. */
    vettingDepartments: (input: { requested?: unknown }) =>
      domainCall(async (): Promise<string[]> => {
        const requested = input.requested;
        if (Array.isArray(requested) && requested.length > 0) {
          const codes = requested.map((c, i) => {
            if (typeof c !== 'string') throw new DomainInputError(`departments[${i}]`, 'must be a department code');
            return c;
          });
          const found = await prisma.unit.findMany({ where: { code: { in: codes }, kind: 'department' }, select: { code: true } });
          const known = new Set(found.map((u) => u.code));
          const unknown = codes.filter((c) => !known.has(c));
          if (unknown.length > 0) throw new DomainInputError('departments', `not department units: ${unknown.join(', ')}`);
          return [...new Set(codes)];
        }
        if (requested !== null && requested !== undefined && !Array.isArray(requested)) {
          throw new DomainInputError('departments', 'must be a list of department codes or null for the default');
        }
        const found = await prisma.unit.findMany({ where: { code: { in: [...DEFAULT_VETTING_DEPARTMENTS] }, kind: 'department' }, select: { code: true } });
        const known = new Set(found.map((u) => u.code));
        const codes = DEFAULT_VETTING_DEPARTMENTS.filter((c) => known.has(c));
        if (codes.length === 0) throw new DomainInputError('departments', 'none of the default vetting departments exists in the org data');
        return codes;
      }),

    /** vettingResult and the veto; each department's review recorded on the candidate when it is a Candidate row. */
    recordVettingResult: (input: { candidateId?: unknown; departments?: unknown; reviews?: unknown }) =>
      domainCall(async (): Promise<VettingOutcome> => {
        const departments = input.departments as string[];
        const outcome = summariseVetting(departments, input.reviews as (Review | null)[]);
        const id = typeof input.candidateId === 'string' && /^\d+$/.test(input.candidateId) ? Number(input.candidateId) : input.candidateId;
        const candidate = typeof id === 'number' ? await prisma.candidate.findUnique({ where: { id } }) : null;
        if (candidate) {
          const workflowId = currentWorkflowId();
          const reviews = (input.reviews as (Review | null)[]) ?? [];
          const units = await prisma.unit.findMany({ where: { code: { in: departments } }, select: { id: true, code: true } });
          const unitId = new Map(units.map((u) => [u.code, u.id]));
          await prisma.$transaction(async (tx) => {
            for (const [i, code] of departments.entries()) {
              const departmentId = unitId.get(code);
              if (departmentId === undefined) continue;
              const r = reviews[i];
              const data = { decision: r ? r.decision : 'cancelled', reason: r?.reason ?? null, decidedAt: new Date(), workflowId };
              await tx.vettingReview.upsert({
                where: { candidateId_departmentId: { candidateId: candidate.id, departmentId } },
                create: { candidateId: candidate.id, departmentId, ...data },
                update: data,
              });
            }
            await tx.candidate.update({ where: { id: candidate.id }, data: { status: outcome.vettingResult } });
          });
        }
        return outcome;
      }),
  };
}
