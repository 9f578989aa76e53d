import fc from 'fast-check';
import { proposeMatches, type Demand, type Resource } from '../../../activities/domain/matching';
import { DomainInputError } from '../../../activities/domain/errors';

const pairs = (p: ReturnType<typeof proposeMatches>) => p.matches.map((m) => `${m.demandId}→${m.resourceId}`);

describe('demand ↔ resource matching', () => {
  it('pairs demands with resources of the same category', () => {
    const demands: Demand[] = [
      { id: 'd-parking', category: 'parking' },
      { id: 'd-elderly', category: 'elderly-care' },
    ];
    const resources: Resource[] = [
      { id: 'r-clinic', category: 'elderly-care' },
      { id: 'r-lot', category: 'parking' },
    ];
    const p = proposeMatches(demands, resources);
    expect(pairs(p)).toEqual(['d-elderly→r-clinic', 'd-parking→r-lot']);
    expect(p.unmatchedDemandIds).toEqual([]);
    expect(p.unusedResourceIds).toEqual([]);
  });

  it('prefers the resource sharing more tags', () => {
    const p = proposeMatches(
      [{ id: 'd1', category: 'culture', tags: ['Children', 'reading'] }],
      [
        { id: 'r1', category: 'culture', tags: ['dance'] },
        { id: 'r2', category: 'culture', tags: ['reading', 'children '] },
      ],
    );
    expect(p.matches).toEqual([{ demandId: 'd1', resourceId: 'r2', claims: 0, sharedTags: ['children', 'reading'], sameCategory: true }]);
    expect(p.unusedResourceIds).toEqual(['r1']);
  });

  it('lets a claim cross categories and outrank tags, a mutual claim most of all', () => {
    const demands: Demand[] = [
      { id: 'd1', category: 'greening', tags: ['trees'] },
      { id: 'd2', category: 'greening', claims: ['r-legal'] },
    ];
    const resources: Resource[] = [
      { id: 'r-park', category: 'greening', tags: ['trees'], claims: ['d2'] },
      { id: 'r-legal', category: 'legal-aid', claims: ['d2'] },
    ];
    const p = proposeMatches(demands, resources);
    // d2 is claimed both ways by r-legal (2) and one way by r-park (1): r-legal wins; d1 gets r-park.
    expect(pairs(p)).toEqual(['d1→r-park', 'd2→r-legal']);
    expect(p.matches[1]).toMatchObject({ claims: 2, sameCategory: false });
  });

  it('serves several demands from one resource up to its capacity', () => {
    const demands = ['d1', 'd2', 'd3'].map((id) => ({ id, category: 'security' }));
    const p = proposeMatches(demands, [{ id: 'r-patrol', category: 'security', capacity: 2 }]);
    expect(pairs(p)).toEqual(['d1→r-patrol', 'd2→r-patrol']);
    expect(p.unmatchedDemandIds).toEqual(['d3']);
  });

  it('leaves demands without a fitting resource unmatched, and resources of capacity 0 unused', () => {
    const p = proposeMatches([{ id: 'd1', category: 'parking' }], [{ id: 'r1', category: 'parking', capacity: 0 }, { id: 'r2', category: 'culture' }]);
    expect(p.matches).toEqual([]);
    expect(p.unmatchedDemandIds).toEqual(['d1']);
    expect(p.unusedResourceIds).toEqual(['r2']);
  });

  it('handles empty lists', () => {
    expect(proposeMatches([], [])).toEqual({ matches: [], unmatchedDemandIds: [], unusedResourceIds: [] });
  });

  it('names duplicate or malformed entries', () => {
    expect(() => proposeMatches([{ id: 'd', category: 'x' }, { id: 'd', category: 'y' }], [])).toThrow(new DomainInputError('demands[1].id', '"d" is listed twice'));
    expect(() => proposeMatches([], [{ id: 'r', category: '' }])).toThrow(/resources\[0\]\.category/);
    expect(() => proposeMatches([], [{ id: 'r', category: 'x', capacity: -1 }])).toThrow(/resources\[0\]\.capacity/);
  });

  it('proposes the same matches whatever order the lists were entered in', () => {
    const categories = ['a', 'b', 'c'];
    const demandArb = fc.uniqueArray(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), category: fc.constantFrom(...categories), tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 2 }) }),
      { selector: (d) => d.id, maxLength: 12 },
    );
    const resourceArb = fc.uniqueArray(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), category: fc.constantFrom(...categories), tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 2 }), capacity: fc.integer({ min: 0, max: 3 }) }),
      { selector: (r) => r.id, maxLength: 8 },
    );
    fc.assert(
      fc.property(demandArb, resourceArb, fc.integer(), (demands, resources, seed) => {
        const shuffle = <T>(xs: T[]) => xs.map((x, i) => [x, (i * 7919 + seed) % 101] as const).sort((p, q) => p[1] - q[1]).map(([x]) => x);
        const p = proposeMatches(demands, resources);
        expect(proposeMatches(shuffle(demands), shuffle(resources))).toEqual(p);
        // no demand twice, no resource beyond its capacity, every pair shares a category
        expect(new Set(p.matches.map((m) => m.demandId)).size).toBe(p.matches.length);
        for (const r of resources) expect(p.matches.filter((m) => m.resourceId === r.id).length).toBeLessThanOrEqual(r.capacity);
        expect(p.matches.every((m) => m.sameCategory)).toBe(true);
      }),
    );
  });
});
