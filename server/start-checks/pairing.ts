// Process A at its start: the cut-off date is a real day inside the pairing year, and the
// compound–agency pair has no other pairing of that year running or finished (one pairing per
// compound, agency and year). That the compound and the agency exist and are of their kind is the
// diagram's own `unitKind` declaration, checked for every start (server/access/start-rights.ts).
import type { PrismaClient } from '@prisma/client';
import { ConflictError, UnprocessableError } from '../errors';

const LIVE = ['running', 'completed'];

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
  const problem = dateProblem(v.year, v.cutoffDate);
  if (problem) throw new UnprocessableError('start variables do not fit the process', [problem]);
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
