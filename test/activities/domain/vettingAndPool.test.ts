import { summariseVetting } from '../../../activities/domain/vettingResult';
import { buildCandidatePool } from '../../../activities/domain/candidatePool';
import { DEFAULT_VETTING_DEPARTMENTS } from '../../../activities/domain/departments';
import { DomainInputError } from '../../../activities/domain/errors';

describe('joint vetting outcome (one veto rejects)', () => {
  const depts = ['dept-a', 'dept-b', 'dept-c'];
  it('passes when every department passed', () => {
    const r = summariseVetting(depts, depts.map((department) => ({ department, decision: 'pass' as const })));
    expect(r).toEqual({ vettingResult: 'passed', vetoDepartment: null, vetoReason: null, passedBy: depts, vetoedBy: [], cancelled: [] });
  });
  it('rejects on one veto, keeps its reason and records the cancelled reviews', () => {
    const r = summariseVetting(depts, [null, { department: 'dept-b', decision: 'veto', reason: '有犯罪记录' }, { department: 'dept-c', decision: 'pass' }]);
    expect(r).toEqual({
      vettingResult: 'vetoed',
      vetoDepartment: 'dept-b',
      vetoReason: '有犯罪记录',
      passedBy: ['dept-c'],
      vetoedBy: ['dept-b'],
      cancelled: ['dept-a'],
    });
  });
  it('names the first veto in department order when two arrive', () => {
    const r = summariseVetting(depts, [{ department: 'dept-a', decision: 'veto', reason: 'x' }, { department: 'dept-b', decision: 'veto', reason: 'y' }, null]);
    expect(r).toMatchObject({ vetoDepartment: 'dept-a', vetoReason: 'x', vetoedBy: ['dept-a', 'dept-b'] });
  });
  it('passes an empty department list (nothing to vet)', () => {
    expect(summariseVetting([], []).vettingResult).toBe('passed');
  });
  it('refuses to pass with a missing review and no veto', () => {
    expect(() => summariseVetting(depts, [null, { department: 'dept-b', decision: 'pass' }, { department: 'dept-c', decision: 'pass' }])).toThrow(/no decision from dept-a/);
  });
  it('names a review with an unknown decision or a length mismatch', () => {
    expect(() => summariseVetting(['d'], [{ department: 'd', decision: 'maybe' as 'pass' }])).toThrow(new DomainInputError('reviews[0].decision', 'must be "pass" or "veto", got "maybe"'));
    expect(() => summariseVetting(['d', 'e'], [])).toThrow(/reviews: has 0 entries for 2 departments/);
  });
  it('ships fourteen distinct default departments', () => {
    expect(new Set(DEFAULT_VETTING_DEPARTMENTS).size).toBe(14);
    expect(DEFAULT_VETTING_DEPARTMENTS).toEqual(expect.arrayContaining(['dept-discipline-inspection', 'dept-public-security', 'dept-tax']));
  });
});

describe('candidate pool after vetting', () => {
  const nominees = [
    { candidateId: 'c1' },
    { candidateId: 'c2', retiredCadre: true },
    { candidateId: 'c3' },
    { candidateId: 'c4', gridWorkerOwner: true, outstandingMember: true },
    { candidateId: 'c5', outstandingMember: true },
  ];
  const passed = (id: string) => ({ candidateId: id, vettingResult: 'passed' as const });
  it('lists preferred candidates first, then in nomination order', () => {
    const r = buildCandidatePool(nominees, nominees.map((n) => passed(n.candidateId)), 5);
    expect(r).toEqual({ candidates: ['c4', 'c2', 'c5', 'c1', 'c3'], vetoed: [], enoughCandidates: true, shortfall: 0 });
  });
  it('drops vetoed candidates and reports the shortfall', () => {
    const vettings = [passed('c1'), { candidateId: 'c2', vettingResult: 'vetoed' as const, vetoReason: '欠税' }, passed('c3'), passed('c4'), passed('c5')];
    const r = buildCandidatePool(nominees, vettings, 5);
    expect(r).toEqual({ candidates: ['c4', 'c5', 'c1', 'c3'], vetoed: [{ candidateId: 'c2', reason: '欠税' }], enoughCandidates: false, shortfall: 1 });
    expect(buildCandidatePool(nominees, vettings, 4).enoughCandidates).toBe(true);
  });
  it('needs a vetting result for every nominee', () => {
    expect(() => buildCandidatePool(nominees, [passed('c1')], 1)).toThrow(/no vetting result for candidate "c2"/);
    expect(() => buildCandidatePool([{ candidateId: 'c1' }, { candidateId: 'c1' }], [passed('c1')], 1)).toThrow(/nominees\[1\]\.candidateId/);
  });
});
