// Two-way matching of a compound's demand list with an agency's resource list (双向匹配/双向认领,
// docs/processes.md A.3). The engine only proposes: the city coordinator confirms. So the rule is
// simple enough to explain to the coordinator and gives the same proposal for the same lists,
// whatever order they were entered in:
//  1. a demand and a resource can pair when they share a category, or when either side claimed
//     the other (认领: the community picked the resource, or the agency picked the demand);
//  2. pairs rank by claims (both sides > one side > none), then by shared tags, then by ids;
//  3. going down that ranking, a pair is taken while the demand is unmatched and the resource has
//     capacity left (the number of demands one resource can serve, default 1).
import { DomainInputError } from './errors';

export interface Demand {
  id: string;
  title?: string;
  category: string;
  tags?: string[];
  /** resource ids the community claims */
  claims?: string[];
}

export interface Resource {
  id: string;
  title?: string;
  category: string;
  tags?: string[];
  /** how many demands it can serve; default 1 */
  capacity?: number;
  /** demand ids the agency claims */
  claims?: string[];
}

export interface ProposedMatch {
  demandId: string;
  resourceId: string;
  /** 2 = claimed by both sides, 1 = by one side, 0 = matched on category */
  claims: number;
  sharedTags: string[];
  sameCategory: boolean;
}

export interface MatchProposal {
  matches: ProposedMatch[];
  unmatchedDemandIds: string[];
  /** resources with capacity left over */
  unusedResourceIds: string[];
}

function checkIds<T extends { id: string; category: string }>(items: readonly T[], field: string): void {
  if (!Array.isArray(items)) throw new DomainInputError(field, 'must be a list');
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (!item || typeof item.id !== 'string' || item.id === '') throw new DomainInputError(`${field}[${i}].id`, 'must be a non-empty string');
    if (seen.has(item.id)) throw new DomainInputError(`${field}[${i}].id`, `"${item.id}" is listed twice`);
    seen.add(item.id);
    if (typeof item.category !== 'string' || item.category === '') throw new DomainInputError(`${field}[${i}].category`, 'must be a non-empty string');
  });
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function proposeMatches(demands: readonly Demand[], resources: readonly Resource[]): MatchProposal {
  checkIds(demands, 'demands');
  checkIds(resources, 'resources');
  const capacity = new Map<string, number>();
  resources.forEach((r, i) => {
    const c = r.capacity ?? 1;
    if (!Number.isSafeInteger(c) || c < 0) throw new DomainInputError(`resources[${i}].capacity`, `must be a non-negative integer, got ${c}`);
    capacity.set(r.id, c);
  });

  const candidates: ProposedMatch[] = [];
  for (const d of demands) {
    const dTags = new Set((d.tags ?? []).map((t) => t.trim().toLowerCase()));
    for (const r of resources) {
      const claims = Number((d.claims ?? []).includes(r.id)) + Number((r.claims ?? []).includes(d.id));
      const sameCategory = d.category === r.category;
      if (!sameCategory && claims === 0) continue;
      const sharedTags = [...new Set((r.tags ?? []).map((t) => t.trim().toLowerCase()))].filter((t) => dTags.has(t)).sort(byCodePoint);
      candidates.push({ demandId: d.id, resourceId: r.id, claims, sharedTags, sameCategory });
    }
  }
  candidates.sort(
    (a, b) =>
      b.claims - a.claims ||
      b.sharedTags.length - a.sharedTags.length ||
      Number(b.sameCategory) - Number(a.sameCategory) ||
      byCodePoint(a.demandId, b.demandId) ||
      byCodePoint(a.resourceId, b.resourceId),
  );

  const matchedDemands = new Set<string>();
  const matches: ProposedMatch[] = [];
  for (const c of candidates) {
    if (matchedDemands.has(c.demandId) || capacity.get(c.resourceId)! <= 0) continue;
    matchedDemands.add(c.demandId);
    capacity.set(c.resourceId, capacity.get(c.resourceId)! - 1);
    matches.push(c);
  }
  matches.sort((a, b) => byCodePoint(a.demandId, b.demandId));
  return {
    matches,
    unmatchedDemandIds: demands.map((d) => d.id).filter((id) => !matchedDemands.has(id)).sort(byCodePoint),
    unusedResourceIds: resources.map((r) => r.id).filter((id) => capacity.get(id)! > 0).sort(byCodePoint),
  };
}
