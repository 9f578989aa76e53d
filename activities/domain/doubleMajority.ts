// The double majority of Civil Code art. 278 for electing an owners' committee (art. 278 ¶1 item 4):
//  - quorum: the owners taking part hold at least two thirds of the exclusive area AND are at least
//    two thirds of the owners ("三分之二以上" includes the bound itself, Civil Code art. 1259);
//  - election: a candidate needs MORE than half ("过半数", the bound excluded) of the participating
//    area AND of the participating owners.
// Shares are decided on integers only (cross multiplication of BigInts), never on floats.
import { align, type Decimal, formatDecimal, fractionText, parseDecimal, sumDecimals } from './decimal';
import { DomainInputError } from './errors';

export interface RosterOwner {
  ownerId: string;
  /** exclusive floor area in m², exact decimal ("89.57") */
  area: string | number | bigint;
  /** head count this owner weighs (the roster counts one per owner, see the 2009 interpretation art. 9); default 1 */
  heads?: number;
}

export interface Ballot {
  ownerId: string;
  /** candidate ids the owner approves; empty = took part, approved nobody */
  choices: string[];
}

export interface TallyInput {
  roster: RosterOwner[];
  /** in the order cast: an owner may change their vote until the meeting closes, the last one counts */
  ballots: Ballot[];
  candidates: string[];
  /** committee seats; more approvals than seats void a ballot's choices, more winners than seats go by rank */
  seats?: number;
  /** fewer winners than this and the election must be held again (default 1) */
  minimumElected?: number;
}

export interface CandidateResult {
  candidateId: string;
  approvingArea: string;
  approvingHeads: number;
  areaMajority: boolean;
  headMajority: boolean;
  /** passed both majorities */
  majority: boolean;
  elected: boolean;
}

export type TallyOutcome = 'elected' | 'quorum-missed' | 'too-few-elected' | 'tie-for-last-seat';

export interface RejectedChoice {
  ownerId: string;
  reason: 'not-on-roster' | 'superseded' | 'unknown-candidate' | 'too-many-choices';
  detail?: string;
}

export interface TallyResult {
  outcome: TallyOutcome;
  quorumMet: boolean;
  areaQuorumMet: boolean;
  headQuorumMet: boolean;
  totalArea: string;
  participatingArea: string;
  totalHeads: number;
  participatingHeads: number;
  /** participating share as an exact reduced fraction "n/d" */
  areaShare: string;
  headShare: string;
  candidates: CandidateResult[];
  elected: string[];
  rejected: RejectedChoice[];
}

interface Weight {
  area: Decimal;
  heads: bigint;
}

/** at least two thirds: 3·part ≥ 2·whole */
export function atLeastTwoThirds(part: bigint, whole: bigint): boolean {
  return 3n * part >= 2n * whole;
}

/** more than half: 2·part > whole */
export function moreThanHalf(part: bigint, whole: bigint): boolean {
  return 2n * part > whole;
}

function readRoster(roster: readonly RosterOwner[]): Map<string, Weight> {
  if (!Array.isArray(roster) || roster.length === 0) throw new DomainInputError('roster', 'must list at least one owner');
  const weights = new Map<string, Weight>();
  roster.forEach((owner, i) => {
    if (!owner || typeof owner.ownerId !== 'string' || owner.ownerId === '') {
      throw new DomainInputError(`roster[${i}].ownerId`, 'must be a non-empty string');
    }
    if (weights.has(owner.ownerId)) throw new DomainInputError(`roster[${i}].ownerId`, `"${owner.ownerId}" is listed twice`);
    const heads = owner.heads ?? 1;
    if (!Number.isSafeInteger(heads) || heads < 0) {
      throw new DomainInputError(`roster[${i}].heads`, `must be a non-negative integer, got ${heads}`);
    }
    weights.set(owner.ownerId, { area: parseDecimal(owner.area, `roster[${i}].area`), heads: BigInt(heads) });
  });
  return weights;
}

/** The last ballot of each roster owner, plus what was not counted and why. */
function countableBallots(
  ballots: readonly Ballot[],
  weights: Map<string, Weight>,
  candidates: Set<string>,
  seats: number | undefined,
): { choicesByOwner: Map<string, Set<string>>; rejected: RejectedChoice[] } {
  const rejected: RejectedChoice[] = [];
  const lastIndex = new Map<string, number>();
  ballots.forEach((b, i) => {
    if (!b || typeof b.ownerId !== 'string') throw new DomainInputError(`ballots[${i}].ownerId`, 'must be a string');
    if (!Array.isArray(b.choices)) throw new DomainInputError(`ballots[${i}].choices`, 'must be a list of candidate ids');
    if (!weights.has(b.ownerId)) rejected.push({ ownerId: b.ownerId, reason: 'not-on-roster' });
    else lastIndex.set(b.ownerId, i);
  });
  const choicesByOwner = new Map<string, Set<string>>();
  ballots.forEach((b, i) => {
    if (!weights.has(b.ownerId)) return;
    if (lastIndex.get(b.ownerId) !== i) {
      rejected.push({ ownerId: b.ownerId, reason: 'superseded' });
      return;
    }
    const choices = new Set<string>();
    for (const c of b.choices) {
      if (candidates.has(c)) choices.add(c);
      else rejected.push({ ownerId: b.ownerId, reason: 'unknown-candidate', detail: String(c) });
    }
    if (seats !== undefined && choices.size > seats) {
      // An over-voted ballot is void, but the owner still took part in the vote.
      rejected.push({ ownerId: b.ownerId, reason: 'too-many-choices', detail: `${choices.size} > ${seats}` });
      choices.clear();
    }
    choicesByOwner.set(b.ownerId, choices);
  });
  return { choicesByOwner, rejected };
}

export function tallyDoubleMajority(input: TallyInput): TallyResult {
  const weights = readRoster(input.roster);
  if (!Array.isArray(input.candidates)) throw new DomainInputError('candidates', 'must be a list of candidate ids');
  const candidateSet = new Set(input.candidates);
  if (candidateSet.size !== input.candidates.length) throw new DomainInputError('candidates', 'lists a candidate twice');
  const seats = input.seats;
  if (seats !== undefined && (!Number.isSafeInteger(seats) || seats < 1)) {
    throw new DomainInputError('seats', `must be a positive integer, got ${seats}`);
  }
  const minimumElected = input.minimumElected ?? 1;
  if (!Number.isSafeInteger(minimumElected) || minimumElected < 0) {
    throw new DomainInputError('minimumElected', `must be a non-negative integer, got ${minimumElected}`);
  }
  if (!Array.isArray(input.ballots)) throw new DomainInputError('ballots', 'must be a list');

  const all = [...weights.values()];
  const totalArea = sumDecimals(all.map((w) => w.area));
  const totalHeads = all.reduce((s, w) => s + w.heads, 0n);
  if (totalArea.units === 0n) throw new DomainInputError('roster', 'total area is zero');
  if (totalHeads === 0n) throw new DomainInputError('roster', 'total head count is zero');

  const { choicesByOwner, rejected } = countableBallots(input.ballots, weights, candidateSet, seats);
  const participants = [...choicesByOwner.keys()].map((id) => weights.get(id)!);
  const participatingArea = sumDecimals(participants.map((w) => w.area));
  const participatingHeads = participants.reduce((s, w) => s + w.heads, 0n);

  const [pArea, tArea] = align(participatingArea, totalArea);
  const areaQuorumMet = atLeastTwoThirds(pArea, tArea);
  const headQuorumMet = atLeastTwoThirds(participatingHeads, totalHeads);
  const quorumMet = areaQuorumMet && headQuorumMet;

  const candidates = input.candidates.map((candidateId) => {
    const approving = [...choicesByOwner].filter(([, c]) => c.has(candidateId)).map(([id]) => weights.get(id)!);
    const area = sumDecimals(approving.map((w) => w.area));
    const heads = approving.reduce((s, w) => s + w.heads, 0n);
    const [aArea, partArea] = align(area, participatingArea);
    const areaMajority = quorumMet && moreThanHalf(aArea, partArea);
    const headMajority = quorumMet && moreThanHalf(heads, participatingHeads);
    return {
      candidateId,
      approving: { area, heads },
      result: <CandidateResult>{
        candidateId,
        approvingArea: formatDecimal(area),
        approvingHeads: Number(heads),
        areaMajority,
        headMajority,
        majority: areaMajority && headMajority,
        elected: false,
      },
    };
  });

  // Winners beyond the seats go by rank: more approving owners first, then more approving area.
  const winners = candidates.filter((c) => c.result.majority).sort((a, b) => compareApproval(b.approving, a.approving));
  let outcome: TallyOutcome = 'elected';
  let electedCount = winners.length;
  if (seats !== undefined && winners.length > seats) {
    electedCount = seats;
    if (compareApproval(winners[seats - 1].approving, winners[seats].approving) === 0) outcome = 'tie-for-last-seat';
  }
  const elected = outcome === 'elected' ? winners.slice(0, electedCount) : [];
  for (const w of elected) w.result.elected = true;
  if (!quorumMet) outcome = 'quorum-missed';
  else if (outcome === 'elected' && elected.length < minimumElected) outcome = 'too-few-elected';

  return {
    outcome,
    quorumMet,
    areaQuorumMet,
    headQuorumMet,
    totalArea: formatDecimal(totalArea),
    participatingArea: formatDecimal(participatingArea),
    totalHeads: Number(totalHeads),
    participatingHeads: Number(participatingHeads),
    areaShare: fractionText(pArea, tArea),
    headShare: fractionText(participatingHeads, totalHeads),
    candidates: candidates.map((c) => c.result),
    elected: input.candidates.filter((id) => elected.some((e) => e.result.candidateId === id)),
    rejected,
  };
}

function compareApproval(a: Weight, b: Weight): number {
  if (a.heads !== b.heads) return a.heads > b.heads ? 1 : -1;
  const [x, y] = align(a.area, b.area);
  return x === y ? 0 : x > y ? 1 : -1;
}
