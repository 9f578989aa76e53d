import { settledLevel } from '../../../activities/domain/settledLevel';
import { checkYearlyClaims } from '../../../activities/domain/yearlyClaimCheck';

describe('level a project was settled at', () => {
  it('is the leading level when nothing escalated', () => {
    expect(settledLevel({ baseLevel: 'street', reachedLevels: [] })).toBe('street');
  });
  it('is the highest level the escalation reached', () => {
    expect(settledLevel({ baseLevel: 'street', reachedLevels: ['district', 'street', 'city', 'district'] })).toBe('city');
    expect(settledLevel({ baseLevel: 'community', reachedLevels: ['street'] })).toBe('street');
  });
  it('is not lowered by an escalation below the leading level', () => {
    expect(settledLevel({ baseLevel: 'district', reachedLevels: ['street'] })).toBe('district');
  });
  it('ignores escalation steps that are not org levels', () => {
    expect(settledLevel({ baseLevel: 'street', reachedLevels: ['department-head'] })).toBe('street');
  });
  it('names an unknown leading level', () => {
    expect(() => settledLevel({ baseLevel: 'province', reachedLevels: [] })).toThrow(/baseLevel: "province" is not one of/);
  });
});

describe('yearly claim rule (every agency at least one project a year)', () => {
  const base = { year: 2026, cutoffDate: '2026-12-15', agencyCodes: ['agency-a', 'agency-b', 'agency-c'] };
  it('is compliant when every agency claimed one', () => {
    const projects = base.agencyCodes.map((agencyCode) => ({ agencyCode, claimedOn: '2026-03-01' }));
    expect(checkYearlyClaims({ ...base, projects })).toMatchObject({ compliant: true, agenciesWithoutProject: [] });
  });
  it('lists agencies without a claim, counting the cut-off day but not after it or the year before', () => {
    const projects = [
      { agencyCode: 'agency-a', claimedOn: '2026-12-15' },
      { agencyCode: 'agency-b', claimedOn: '2026-12-16' },
      { agencyCode: 'agency-c', claimedOn: '2025-12-31' },
      { agencyCode: 'agency-a', claimedOn: '2026-01-01' },
      { agencyCode: 'agency-x', claimedOn: '2026-05-05' },
    ];
    expect(checkYearlyClaims({ ...base, projects })).toEqual({
      compliant: false,
      agenciesWithoutProject: ['agency-b', 'agency-c'],
      claimsByAgency: { 'agency-a': 2, 'agency-b': 0, 'agency-c': 0 },
    });
  });
  it('names a cut-off outside the year and a malformed date', () => {
    expect(() => checkYearlyClaims({ ...base, cutoffDate: '2027-01-01', projects: [] })).toThrow(/cutoffDate: 2027-01-01 is not in 2026/);
    expect(() => checkYearlyClaims({ ...base, projects: [{ agencyCode: 'agency-a', claimedOn: '2026-02-30' }] })).toThrow(/projects\[0\]\.claimedOn/);
  });
});
