// The outcome of one candidate's joint vetting (process D): one veto rejects (一票否决). The
// reviews list is the multi-instance output collection in department order; a review cancelled by
// the completion condition (another department vetoed first) is null there, and is reported as
// cancelled so the record shows which departments never answered.
import { DomainInputError } from './errors';

export interface Review {
  department: string;
  decision: 'pass' | 'veto';
  reason?: string | null;
}

export interface VettingOutcome {
  vettingResult: 'passed' | 'vetoed';
  /** the first veto in department order; null when passed */
  vetoDepartment: string | null;
  vetoReason: string | null;
  passedBy: string[];
  vetoedBy: string[];
  /** departments whose review was cancelled or never completed */
  cancelled: string[];
}

export function summariseVetting(departments: readonly string[], reviews: readonly (Review | null)[]): VettingOutcome {
  if (!Array.isArray(departments)) throw new DomainInputError('departments', 'must be a list of department codes');
  if (!Array.isArray(reviews)) throw new DomainInputError('reviews', 'must be a list');
  if (reviews.length !== departments.length) {
    throw new DomainInputError('reviews', `has ${reviews.length} entries for ${departments.length} departments`);
  }
  const passedBy: string[] = [];
  const vetoedBy: string[] = [];
  const cancelled: string[] = [];
  let vetoReason: string | null = null;
  reviews.forEach((review, i) => {
    const department = departments[i];
    if (review === null || review === undefined) return cancelled.push(department);
    if (review.decision === 'pass') return passedBy.push(department);
    if (review.decision === 'veto') {
      if (vetoedBy.length === 0) vetoReason = review.reason ?? null;
      return vetoedBy.push(department);
    }
    throw new DomainInputError(`reviews[${i}].decision`, `must be "pass" or "veto", got ${JSON.stringify(review.decision)}`);
  });
  // Passing needs every department's pass: a review missing without a veto is not a pass.
  if (vetoedBy.length === 0 && cancelled.length > 0) {
    throw new DomainInputError('reviews', `no decision from ${cancelled.join(', ')} and no veto`);
  }
  return {
    vettingResult: vetoedBy.length > 0 ? 'vetoed' : 'passed',
    vetoDepartment: vetoedBy[0] ?? null,
    vetoReason,
    passedBy,
    vetoedBy,
    cancelled,
  };
}
