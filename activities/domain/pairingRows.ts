// Process A's lists as the structured rows of their table form fields (item, category, quantity,
// days, keywords, claim). The form already checked each cell's type; here the rows become the
// matcher's demands and resources. A claim (认领) names an item of the other side's list by its
// exact wording: the two lists are filled in in parallel, so the wording is what both sides know.
import { DomainInputError } from './errors';
import type { Demand, Resource } from './matching';

export interface DemandRow {
  item: string;
  category: string;
  quantity?: number;
  days: number;
  keywords?: string;
  claim?: string;
}

export interface ResourceRow {
  item: string;
  category: string;
  quantity?: number;
  keywords?: string;
  claim?: string;
}

/** One row of the project list the city coordinator confirms (proposed by the engine or added by hand). */
export interface ProjectRow {
  title: string;
  category?: string;
  demand: string;
  resource: string;
  days: number;
}

export interface DemandItem extends Demand {
  title: string;
  dueDays: number;
}
export interface ResourceItem extends Resource {
  title: string;
}

const keywords = (value: string | undefined) => (value ?? '').split(/[,,、]/).map((t) => t.trim()).filter((t) => t !== '');

function rows<T>(value: unknown, field: string, need: readonly (keyof T & string)[]): T[] {
  if (!Array.isArray(value)) throw new DomainInputError(field, 'must be a list of rows');
  value.forEach((row, i) => {
    for (const col of need) {
      const v = (row as Record<string, unknown> | null)?.[col];
      if (v === undefined || v === null || v === '') throw new DomainInputError(`${field} row ${i + 1}`, `column ${col} is missing`);
    }
  });
  return value as T[];
}

function dueDays(v: unknown, field: string, row: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new DomainInputError(`${field} row ${row}`, `days must be a whole number ≥ 1, got ${JSON.stringify(v)}`);
  return v;
}

/** Demands and resources with ids d1…/r1… in list order, claims resolved to the other side's ids. */
export function itemsOf(demandRows: unknown, resourceRows: unknown): { demands: DemandItem[]; resources: ResourceItem[] } {
  const ds = rows<DemandRow>(demandRows, 'demandList', ['item', 'category', 'days']);
  const rs = rows<ResourceRow>(resourceRows, 'resourceList', ['item', 'category']);
  const demandIdByTitle = new Map(ds.map((d, i) => [d.item.trim(), `d${i + 1}`]));
  const resourceIdByTitle = new Map(rs.map((r, i) => [r.item.trim(), `r${i + 1}`]));
  const claimOf = (claim: string | undefined, ids: Map<string, string>) => {
    const id = claim ? ids.get(claim.trim()) : undefined;
    return id ? [id] : [];
  };
  return {
    demands: ds.map((d, i) => ({
      id: `d${i + 1}`,
      title: d.item.trim(),
      category: d.category.trim(),
      tags: keywords(d.keywords),
      dueDays: dueDays(d.days, 'demandList', i + 1),
      claims: claimOf(d.claim, resourceIdByTitle),
    })),
    resources: rs.map((r, i) => ({
      id: `r${i + 1}`,
      title: r.item.trim(),
      category: r.category.trim(),
      tags: keywords(r.keywords),
      capacity: r.quantity ?? 1,
      claims: claimOf(r.claim, demandIdByTitle),
    })),
  };
}

/** The confirmed project list, each row checked (hand-added rows come from the coordinator). */
export function projectRows(value: unknown, field = 'confirmedProjects'): ProjectRow[] {
  const list = rows<ProjectRow>(value, field, ['title', 'demand', 'resource', 'days']);
  if (list.length === 0) throw new DomainInputError(field, 'the project list is empty: a pairing needs at least one project');
  const seen = new Set<string>();
  list.forEach((p, i) => {
    dueDays(p.days, field, i + 1);
    if (seen.has(p.title.trim())) throw new DomainInputError(`${field} row ${i + 1}`, `project "${p.title}" is listed twice`);
    seen.add(p.title.trim());
  });
  return list.map((p) => ({ title: p.title.trim(), category: p.category?.trim() ?? '', demand: p.demand.trim(), resource: p.resource.trim(), days: p.days }));
}
