// Process A's records after the confirmation: the co-building agreement with each side's
// signature (a refusal is recorded as such and never counts as signed), every project report with
// the community's verdict, the two ratings, and a pairing the coordinator ends.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { DomainInputError } from '../errors';
import { currentWorkflowId, domainCall, rowId, stringList, unitByCode, type DomainActivityDeps } from './context';

type Side = 'community' | 'agency';
const SIGN_TASK: Record<Side, string> = { community: 'Task_sign_community', agency: 'Task_sign_agency' };

function decision(value: unknown, field: string): 'sign' | 'refuse' {
  if (value !== 'sign' && value !== 'refuse') throw new DomainInputError(field, `must be sign or refuse, got ${JSON.stringify(value)}`);
  return value;
}

const optionalIds = (value: unknown, field: string) => (value === undefined || value === null ? [] : stringList(value, field));

export function pairingRecordActivities({ prisma }: DomainActivityDeps) {
  return {
    /**
     * 共建协议书: one agreement per pairing; a side that signed gets a signature row (signedBy: who
     * completed its signing task), a side that refused has none and the agreement is "refused".
     * Sets agreementSigned (both signed) and signatureRefusal (who refused and why, or null).
     */
    recordAgreement: (input: Record<string, unknown>) =>
      domainCall(async (): Promise<{ agreementId: number; agreementSigned: boolean; signatureRefusal: string | null }> => {
        const pairingId = rowId(input.pairingId, 'pairingId');
        const sides: { side: Side; decision: 'sign' | 'refuse'; note: string; files: string[] }[] = (['community', 'agency'] as const).map((side) => ({
          side,
          decision: decision(input[`${side}Signature`], `${side}Signature`),
          note: typeof input[`${side}SignatureNote`] === 'string' ? (input[`${side}SignatureNote`] as string) : '',
          files: optionalIds(input[`${side}AgreementFiles`], `${side}AgreementFiles`),
        }));
        const workflowId = currentWorkflowId();
        const pairing = await prisma.pairing.findUnique({ where: { id: pairingId }, include: { agency: true, compound: true, round: true } });
        if (!pairing) throw new DomainInputError('pairingId', `no pairing ${pairingId}`);
        const signed = sides.every((s) => s.decision === 'sign');
        return prisma.$transaction(async (tx) => {
          const title = `${pairing.round.year}年度${pairing.agency.name}与${pairing.compound.name}共建协议书`;
          const agreement = await tx.agreement.upsert({
            where: { pairingId },
            create: { pairingId, title, status: signed ? 'signed' : 'refused' },
            update: { status: signed ? 'signed' : 'refused' },
          });
          for (const s of sides) {
            if (s.decision === 'refuse') {
              await tx.agreementSignature.deleteMany({ where: { agreementId: agreement.id, side: s.side } });
              continue;
            }
            const task = await tx.task.findFirst({ where: { workflowId, elementId: SIGN_TASK[s.side], state: 'completed' }, orderBy: { completedAt: 'desc' } });
            const data = { signedBy: task?.completedBy ?? 'unknown', signedAt: task?.completedAt ?? new Date(), attachmentIdsJson: JSON.stringify(s.files) };
            await tx.agreementSignature.upsert({ where: { agreementId_side: { agreementId: agreement.id, side: s.side } }, create: { agreementId: agreement.id, side: s.side, ...data }, update: data });
          }
          const refusals = sides.filter((s) => s.decision === 'refuse').map((s) => `${s.side === 'community' ? '社区' : '单位'}拒签${s.note ? `:${s.note}` : ''}`);
          return { agreementId: agreement.id, agreementSigned: signed, signatureRefusal: refusals.length ? refusals.join(';') : null };
        });
      }),

    /** Every implementation report of a project with the verification of it, rejected ones too (once per activity). */
    recordProjectReport: (input: { recordId?: unknown; report?: unknown; reportFiles?: unknown; verification?: unknown; verificationOpinion?: unknown }) =>
      domainCall(async (): Promise<{ reportId: number }> => {
        const projectId = rowId(input.recordId, 'recordId');
        if (typeof input.report !== 'string' || input.report.trim() === '') throw new DomainInputError('report', 'must be the report text');
        if (input.verification !== 'accept' && input.verification !== 'reject') throw new DomainInputError('verification', 'must be accept or reject');
        const files = optionalIds(input.reportFiles, 'reportFiles');
        const data = { projectId, report: input.report, attachmentIdsJson: JSON.stringify(files), verdict: input.verification, opinion: typeof input.verificationOpinion === 'string' ? input.verificationOpinion : '' };
        const info = Context.current().info;
        // the activity's own id makes a retry write nothing new; the content keeps apart activities that share an id (test environments)
        const content = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
        const recordKey = `${currentWorkflowId()}:${info.workflowExecution?.runId ?? ''}:${info.activityId}:${content}`;
        const row = await prisma.projectReport.upsert({ where: { recordKey }, create: { ...data, recordKey }, update: {} });
        return { reportId: row.id };
      }),

    /** 双向评价: the community rates the agency and the agency the community, for the pairing as a whole. */
    recordRatings: (input: Record<string, unknown>) =>
      domainCall(async (): Promise<{ ratingIds: number[] }> => {
        const pairingId = rowId(input.pairingId, 'pairingId');
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        const agency = await unitByCode(prisma, input.agencyCode, 'agencyCode', 'agency');
        const score = (v: unknown, field: string) => {
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5) throw new DomainInputError(field, `must be a whole score 1–5, got ${JSON.stringify(v)}`);
          return v;
        };
        const workflowId = currentWorkflowId();
        const ratings = [
          { fromUnitId: compound.id, toUnitId: agency.id, score: score(input.agencyScore, 'agencyScore'), comment: input.agencyComment, task: 'Task_rate_agency' },
          { fromUnitId: agency.id, toUnitId: compound.id, score: score(input.communityScore, 'communityScore'), comment: input.communityComment, task: 'Task_rate_community' },
        ];
        const ids: number[] = [];
        for (const r of ratings) {
          const by = await prisma.task.findFirst({ where: { workflowId, elementId: r.task, state: 'completed' }, orderBy: { completedAt: 'desc' } });
          const data = { score: r.score, comment: typeof r.comment === 'string' ? r.comment : '', ratedBy: by?.completedBy ?? null };
          const existing = await prisma.rating.findFirst({ where: { pairingId, projectId: null, fromUnitId: r.fromUnitId, toUnitId: r.toUnitId } });
          const row = existing
            ? await prisma.rating.update({ where: { id: existing.id }, data })
            : await prisma.rating.create({ data: { ...data, pairingId, fromUnitId: r.fromUnitId, toUnitId: r.toUnitId } });
          ids.push(row.id);
        }
        return { ratingIds: ids };
      }),

    /** The coordinator ends a pairing (e.g. after a refused agreement): its open projects are cancelled; nothing to do before it was recorded. */
    endPairing: (input: { year?: unknown; compoundCode?: unknown; agencyCode?: unknown }) =>
      domainCall(async (): Promise<{ ended: boolean }> => {
        const compound = await unitByCode(prisma, input.compoundCode, 'compoundCode', 'compound');
        const agency = await unitByCode(prisma, input.agencyCode, 'agencyCode', 'agency');
        const pairing = await prisma.pairing.findFirst({ where: { compoundId: compound.id, agencyId: agency.id, round: { year: Number(input.year) } } });
        if (!pairing) return { ended: false };
        await prisma.$transaction([
          prisma.pairing.update({ where: { id: pairing.id }, data: { status: 'ended' } }),
          prisma.project.updateMany({ where: { pairingId: pairing.id, workflowId: currentWorkflowId(), status: { not: 'closed' } }, data: { status: 'cancelled' } }),
        ]);
        return { ended: true };
      }),
  };
}
