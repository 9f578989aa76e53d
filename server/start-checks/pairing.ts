// Process A at its start: the compound and the agency exist and are what they claim to be, the
// cut-off date is a real day inside the pairing year, and the compound–agency pair has no other
// pairing of that year running or finished (one pairing per compound, agency and year).
import type { PrismaClient } from '@prisma/client';
import { ConflictError, UnprocessableError } from '../errors';

const LIVE = ['running', 'completed'];

async function unitProblem(prisma: PrismaClient, variable: string, code: unknown, kind: string) {
  if (typeof code !== 'string') return null;
  const unit = await prisma.unit.findUnique({ where: { code }, select: { kind: true } });
  if (!unit) return { variable, message: `no org unit ${code}` };
  if (unit.kind !== kind) return { variable, message: `${code} is a ${unit.kind}, not a ${kind}` };
  return null;
}

function dateProblem(year: unknown, cutoffDate: unknown) {
  const m = typeof cutoffDate === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(cutoffDate) : null;
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !day || day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3])) {
    return { variable: 'cutoffDate', message: `must be a day YYYY-MM-DD, got ${JSON.stringify(cutoffDate)}` };
  }
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) return { variable: 'year', message: `must be a year, got ${JSON.stringify(year)}` };
  if (Number(m[1]) !== year) return { variable: 'cutoffDate', message: `${cutoffDate} is not in ${year}` };
  return null;
}

export async function checkPairingStart(prisma: PrismaClient, v: Record<string, unknown>): Promise<void> {
  const problems = [
    await unitProblem(prisma, 'compoundCode', v.compoundCode, 'compound'),
    await unitProblem(prisma, 'agencyCode', v.agencyCode, 'agency'),
    dateProblem(v.year, v.cutoffDate),
  ].filter((p) => p !== null);
  if (problems.length) throw new UnprocessableError('start variables do not fit the process', problems);
  const others = await prisma.instance.findMany({
    where: { processKey: 'pairing', status: { in: LIVE }, anchorUnit: v.compoundCode as string },
    select: { workflowId: true, variablesJson: true },
  });
  const same = others.find((i) => {
    const o = JSON.parse(i.variablesJson) as Record<string, unknown>;
    return o.agencyCode === v.agencyCode && o.year === v.year;
  });
  if (same) throw new ConflictError(`${v.compoundCode} and ${v.agencyCode} already have a pairing for ${v.year}`, { instanceId: same.workflowId });
}
