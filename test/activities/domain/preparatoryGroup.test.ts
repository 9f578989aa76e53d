import { validatePreparatoryGroup, type GroupMember } from '../../../activities/domain/preparatoryGroup';
import { DomainInputError } from '../../../activities/domain/errors';

const group = (owners: number, others: number): GroupMember[] => [
  ...Array.from({ length: owners }, (_, i) => ({ name: `业主${i + 1}`, isOwner: true })),
  ...Array.from({ length: others }, (_, i) => ({ name: `代表${i + 1}`, isOwner: false })),
];
const codes = (members: GroupMember[]) => validatePreparatoryGroup(members).violations.map((v) => v.code);

describe('preparatory group composition', () => {
  it.each([
    [3, 2],
    [5, 0],
    [6, 5],
    [11, 0],
    [4, 3],
  ])('accepts %i owners + %i others', (owners, others) => {
    expect(validatePreparatoryGroup(group(owners, others))).toMatchObject({ valid: true, violations: [] });
  });

  it('rejects 3 members as too few (odd, all owners)', () => expect(codes(group(3, 0))).toEqual(['too-few-members']));
  it('rejects 4 members as too few and even', () => expect(codes(group(4, 0))).toEqual(['too-few-members', 'even-member-count']));
  it('rejects 6 members as even', () => expect(codes(group(3, 3))).toEqual(['even-member-count']));
  it('rejects 13 members as too many', () => expect(codes(group(13, 0))).toEqual(['too-many-members']));
  it('rejects 12 members as too many and even', () => expect(codes(group(12, 0))).toEqual(['too-many-members', 'even-member-count']));
  it('rejects 2 owners of 5 (owners must be at least half)', () => expect(codes(group(2, 3))).toEqual(['too-few-owners']));
  it('rejects 5 owners of 11', () => expect(codes(group(5, 6))).toEqual(['too-few-owners']));
  it('reports every violation at once', () => {
    expect(codes(group(1, 3))).toEqual(['too-few-members', 'even-member-count', 'too-few-owners']);
    expect(codes([])).toEqual(['too-few-members', 'even-member-count']);
  });
  it('names a member listed twice', () => {
    const members = [...group(4, 0), { name: '业主1', isOwner: true }];
    const r = validatePreparatoryGroup(members);
    expect(r.violations).toEqual([{ code: 'duplicate-member', message: expect.stringContaining('业主1') }]);
  });
  it('explains in Chinese', () => {
    expect(validatePreparatoryGroup(group(2, 3)).violations[0].message).toContain('不足半数');
  });
  it('follows configured limits', () => {
    expect(validatePreparatoryGroup(group(3, 0), { minMembers: 3, maxMembers: 7 }).valid).toBe(true);
    expect(validatePreparatoryGroup(group(9, 0), { minMembers: 3, maxMembers: 7 }).valid).toBe(false);
  });
  it('names a malformed member', () => {
    expect(() => validatePreparatoryGroup([{ name: '', isOwner: true }])).toThrow(new DomainInputError('members[0].name', 'must be a non-empty string'));
    expect(() => validatePreparatoryGroup([{ name: 'a', isOwner: 'yes' as unknown as boolean }])).toThrow(/members\[0\]\.isOwner/);
  });
});
