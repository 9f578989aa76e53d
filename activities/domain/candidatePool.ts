// After every nominee went through joint vetting (process C.4): vetoed candidates drop out, and
// when fewer remain than the committee needs the preparatory group nominates again.
// Candidates flagged with the "three preferences" (三优先, 000 §(一)③: grid workers who own a flat,
// retired cadres, outstanding party members) are listed first on the ballot.
import { DomainInputError } from './errors';

export interface Nominee {
  candidateId: string;
  name?: string;
  gridWorkerOwner?: boolean;
  retiredCadre?: boolean;
  outstandingMember?: boolean;
}

export interface VettingRecord {
  candidateId: string;
  vettingResult: 'passed' | 'vetoed';
  vetoReason?: string | null;
}

export interface CandidatePool {
  /** candidate ids for the ballot, preferred ones first, then in nomination order */
  candidates: string[];
  vetoed: { candidateId: string; reason: string | null }[];
  enoughCandidates: boolean;
  /** how many more are needed (0 when enough) */
  shortfall: number;
}

const preferenceCount = (n: Nominee) => Number(!!n.gridWorkerOwner) + Number(!!n.retiredCadre) + Number(!!n.outstandingMember);

export function buildCandidatePool(nominees: readonly Nominee[], vettings: readonly (VettingRecord | null)[], minimumCandidates: number): CandidatePool {
  if (!Array.isArray(nominees)) throw new DomainInputError('nominees', 'must be a list');
  if (!Array.isArray(vettings)) throw new DomainInputError('vettings', 'must be a list');
  if (!Number.isSafeInteger(minimumCandidates) || minimumCandidates < 0) {
    throw new DomainInputError('minimumCandidates', `must be a non-negative integer, got ${minimumCandidates}`);
  }
  const results = new Map<string, VettingRecord>();
  vettings.forEach((v, i) => {
    if (v === null) return;
    if (!v || typeof v.candidateId !== 'string') throw new DomainInputError(`vettings[${i}].candidateId`, 'must be a string');
    results.set(v.candidateId, v);
  });
  const seen = new Set<string>();
  const passed: { nominee: Nominee; order: number }[] = [];
  const vetoed: CandidatePool['vetoed'] = [];
  nominees.forEach((n, i) => {
    if (!n || typeof n.candidateId !== 'string' || n.candidateId === '') throw new DomainInputError(`nominees[${i}].candidateId`, 'must be a non-empty string');
    if (seen.has(n.candidateId)) throw new DomainInputError(`nominees[${i}].candidateId`, `"${n.candidateId}" is nominated twice`);
    seen.add(n.candidateId);
    const r = results.get(n.candidateId);
    if (!r) throw new DomainInputError(`vettings`, `has no vetting result for candidate "${n.candidateId}"`);
    if (r.vettingResult === 'passed') passed.push({ nominee: n, order: i });
    else vetoed.push({ candidateId: n.candidateId, reason: r.vetoReason ?? null });
  });
  passed.sort((a, b) => preferenceCount(b.nominee) - preferenceCount(a.nominee) || a.order - b.order);
  const shortfall = Math.max(0, minimumCandidates - passed.length);
  return { candidates: passed.map((p) => p.nominee.candidateId), vetoed, enoughCandidates: shortfall === 0, shortfall };
}
