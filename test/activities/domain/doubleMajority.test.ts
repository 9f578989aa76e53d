import fc from 'fast-check';
import { tallyDoubleMajority, type RosterOwner, type Ballot } from '../../../activities/domain/doubleMajority';
import { DomainInputError } from '../../../activities/domain/errors';

const owners = (...areas: (string | number)[]): RosterOwner[] => areas.map((area, i) => ({ ownerId: `o${i + 1}`, area }));
const vote = (ownerId: string, ...choices: string[]): Ballot => ({ ownerId, choices });

describe('participation quorum (≥ 2/3 of area AND of owners)', () => {
  it('is met at exactly two thirds of both area and head count', () => {
    const r = tallyDoubleMajority({ roster: owners(100, 100, 100), ballots: [vote('o1'), vote('o2')], candidates: [] });
    expect(r).toMatchObject({ quorumMet: true, areaShare: '2/3', headShare: '2/3', participatingArea: '200', totalArea: '300' });
  });

  it('is missed when the area falls short of two thirds by one hundredth of a square metre', () => {
    const r = tallyDoubleMajority({ roster: owners('100', '100', '100.01'), ballots: [vote('o1'), vote('o2')], candidates: [] });
    expect(r.headQuorumMet).toBe(true);
    expect(r.areaQuorumMet).toBe(false);
    expect(r.quorumMet).toBe(false);
    expect(r.outcome).toBe('quorum-missed');
    expect(r.areaShare).toBe('20000/30001');
  });

  it('is missed when enough area but too few owners take part', () => {
    // one large owner holds 70 % of the area but is 1 of 4 owners
    const r = tallyDoubleMajority({ roster: owners(700, 100, 100, 100), ballots: [vote('o1'), vote('o2')], candidates: [] });
    expect(r.areaQuorumMet).toBe(true);
    expect(r.headQuorumMet).toBe(false);
    expect(r.outcome).toBe('quorum-missed');
  });

  it('is missed when enough owners but too little area take part', () => {
    const r = tallyDoubleMajority({ roster: owners(700, 100, 100, 100), ballots: [vote('o2'), vote('o3'), vote('o4')], candidates: [] });
    expect(r.headQuorumMet).toBe(true);
    expect(r.areaQuorumMet).toBe(false);
  });

  it('adds decimal areas exactly (0.1 + 0.2 is three tenths)', () => {
    const r = tallyDoubleMajority({ roster: owners('0.1', '0.2', '0.15'), ballots: [vote('o1'), vote('o2')], candidates: [] });
    expect(r.participatingArea).toBe('0.3');
    expect(r.totalArea).toBe('0.45');
    expect(r.areaShare).toBe('2/3');
    expect(r.areaQuorumMet).toBe(true);
  });

  it('weighs an owner by the head count the roster gives', () => {
    const roster: RosterOwner[] = [
      { ownerId: 'a', area: 10, heads: 2 },
      { ownerId: 'b', area: 10, heads: 0 },
      { ownerId: 'c', area: 10, heads: 1 },
    ];
    const r = tallyDoubleMajority({ roster, ballots: [vote('a'), vote('b')], candidates: [] });
    expect(r).toMatchObject({ participatingHeads: 2, totalHeads: 3, headQuorumMet: true, areaQuorumMet: true });
  });

  it('compares areas of astronomic size without losing the last hundredth', () => {
    const big = '123456789012345678901234567890.01';
    // participants: 2 × big; total: 3 × big + 0.01 → just below 2/3
    const roster = owners(big, big, `${big.slice(0, -1)}2`);
    const r = tallyDoubleMajority({ roster, ballots: [vote('o1'), vote('o2')], candidates: [] });
    expect(r.headQuorumMet).toBe(true);
    expect(r.areaQuorumMet).toBe(false);
    const exact = tallyDoubleMajority({ roster: owners(big, big, big), ballots: [vote('o1'), vote('o2')], candidates: [] });
    expect(exact.areaQuorumMet).toBe(true);
    expect(exact.participatingArea).toBe('246913578024691357802469135780.02');
  });
});

describe('election (more than half of participating area AND owners)', () => {
  const roster = owners(100, 100, 100, 100, 100, 100);
  it('elects with strictly more than half of both', () => {
    const ballots = [vote('o1', 'X'), vote('o2', 'X'), vote('o3', 'X'), vote('o4'), vote('o5')];
    const r = tallyDoubleMajority({ roster, ballots, candidates: ['X'] });
    expect(r.outcome).toBe('elected');
    expect(r.elected).toEqual(['X']);
    expect(r.candidates[0]).toMatchObject({ approvingArea: '300', approvingHeads: 3, majority: true, elected: true });
  });

  it('does not elect with exactly half of the participating owners and area', () => {
    const ballots = [vote('o1', 'X'), vote('o2', 'X'), vote('o3'), vote('o4')];
    const r = tallyDoubleMajority({ roster, ballots, candidates: ['X'] });
    expect(r.quorumMet).toBe(true);
    expect(r.candidates[0]).toMatchObject({ areaMajority: false, headMajority: false, elected: false });
    expect(r.elected).toEqual([]);
    expect(r.outcome).toBe('too-few-elected');
  });

  it('does not elect with a majority of area but exactly half of the owners', () => {
    const r = tallyDoubleMajority({
      roster: owners(300, 100, 100, 100),
      ballots: [vote('o1', 'X'), vote('o2', 'X'), vote('o3'), vote('o4')],
      candidates: ['X'],
    });
    expect(r.candidates[0]).toMatchObject({ areaMajority: true, headMajority: false, elected: false });
  });

  it('does not elect with a majority of owners but exactly half of the area', () => {
    const r = tallyDoubleMajority({
      roster: owners(100, 100, 50, 50, 300),
      ballots: [vote('o1', 'X'), vote('o2', 'X'), vote('o3', 'X'), vote('o4'), vote('o5')],
      candidates: ['X'],
    });
    // approving area 250 of 600 participating
    expect(r.candidates[0]).toMatchObject({ headMajority: true, areaMajority: false, elected: false });
  });

  it('elects by one hundredth of a square metre over half', () => {
    const r = tallyDoubleMajority({
      roster: owners('100.01', '100', '50'),
      ballots: [vote('o1', 'X'), vote('o2'), vote('o3', 'X')],
      candidates: ['X'],
    });
    // approving 150.01 of 250.01 participating area; 2 of 3 owners
    expect(r.candidates[0]).toMatchObject({ approvingArea: '150.01', areaMajority: true, headMajority: true, elected: true });
  });

  it('elects nobody when the quorum is missed, however unanimous the ballots', () => {
    const r = tallyDoubleMajority({ roster, ballots: [vote('o1', 'X'), vote('o2', 'X')], candidates: ['X'] });
    expect(r.outcome).toBe('quorum-missed');
    expect(r.elected).toEqual([]);
    expect(r.candidates[0].majority).toBe(false);
  });

  it('fills the seats by rank of approving owners, then area, and flags a tie for the last seat', () => {
    const roster6 = owners(150, 100, 100, 100, 100, 200);
    const ballots = [
      vote('o1', 'A', 'B'), vote('o2', 'A', 'B'), vote('o3', 'A', 'C'),
      vote('o4', 'A', 'C'), vote('o5', 'B', 'C'), vote('o6', 'B', 'C'),
    ];
    const ranked = tallyDoubleMajority({ roster: roster6, ballots, candidates: ['A', 'B', 'C'], seats: 2 });
    // all three have 4 of 6 owners; approving area B 550, C 500, A 450 of 750
    expect(ranked.candidates.every((c) => c.majority)).toBe(true);
    expect(ranked.outcome).toBe('elected');
    expect(ranked.elected).toEqual(['B', 'C']);
    expect(ranked.candidates.find((c) => c.candidateId === 'A')).toMatchObject({ majority: true, elected: false });

    const tied = [
      vote('o1', 'A', 'B'), vote('o2', 'A', 'C'), vote('o3', 'B', 'C'), vote('o4', 'A', 'B'), vote('o5', 'A', 'C'),
    ];
    const r = tallyDoubleMajority({ roster: owners(100, 100, 100, 100, 100), ballots: tied, candidates: ['A', 'B', 'C'], seats: 2 });
    // A 4 owners; B and C 3 owners and 300 m² each: nobody can take the second seat without a new vote
    expect(r.outcome).toBe('tie-for-last-seat');
    expect(r.elected).toEqual([]);
  });

  it('reports too few elected below the minimum', () => {
    const ballots = [vote('o1', 'A'), vote('o2', 'A'), vote('o3', 'A'), vote('o4', 'A', 'B')];
    const r = tallyDoubleMajority({ roster: owners(1, 1, 1, 1), ballots, candidates: ['A', 'B'], minimumElected: 2 });
    expect(r.outcome).toBe('too-few-elected');
    expect(r.elected).toEqual(['A']);
  });
});

describe('ballot box', () => {
  const roster = owners(100, 100, 100);
  it('counts only the last ballot of an owner who changed their vote', () => {
    const r = tallyDoubleMajority({ roster, ballots: [vote('o1', 'X'), vote('o2', 'X'), vote('o1')], candidates: ['X'] });
    expect(r.participatingHeads).toBe(2);
    expect(r.candidates[0].approvingHeads).toBe(1);
    expect(r.rejected).toEqual([{ ownerId: 'o1', reason: 'superseded' }]);
  });

  it('ignores ballots of people not on the roster and votes for unknown candidates', () => {
    const r = tallyDoubleMajority({ roster, ballots: [vote('o1', 'X', 'Y'), vote('stranger', 'X'), vote('o2', 'X')], candidates: ['X'] });
    expect(r.participatingHeads).toBe(2);
    expect(r.candidates[0].approvingHeads).toBe(2);
    expect(r.rejected).toEqual(
      expect.arrayContaining([
        { ownerId: 'stranger', reason: 'not-on-roster' },
        { ownerId: 'o1', reason: 'unknown-candidate', detail: 'Y' },
      ]),
    );
  });

  it('voids the choices of an over-voted ballot but counts the owner as taking part', () => {
    const r = tallyDoubleMajority({ roster, ballots: [vote('o1', 'A', 'B'), vote('o2', 'A')], candidates: ['A', 'B'], seats: 1 });
    expect(r.participatingHeads).toBe(2);
    expect(r.candidates[0].approvingHeads).toBe(1);
    expect(r.rejected).toEqual([{ ownerId: 'o1', reason: 'too-many-choices', detail: '2 > 1' }]);
  });

  it('counts a candidate named twice on one ballot once', () => {
    const r = tallyDoubleMajority({ roster, ballots: [vote('o1', 'X', 'X'), vote('o2')], candidates: ['X'] });
    expect(r.candidates[0].approvingHeads).toBe(1);
  });
});

describe('bad input names the field', () => {
  const cases: [string, Parameters<typeof tallyDoubleMajority>[0], string][] = [
    ['empty roster', { roster: [], ballots: [], candidates: [] }, 'roster'],
    ['negative area', { roster: [{ ownerId: 'a', area: '-1' }], ballots: [], candidates: [] }, 'roster[0].area'],
    ['text area', { roster: [{ ownerId: 'a', area: 'ninety' }], ballots: [], candidates: [] }, 'roster[0].area'],
    ['NaN area', { roster: [{ ownerId: 'a', area: Number.NaN }], ballots: [], candidates: [] }, 'roster[0].area'],
    ['fractional heads', { roster: [{ ownerId: 'a', area: 1, heads: 1.5 }], ballots: [], candidates: [] }, 'roster[0].heads'],
    ['duplicate owner', { roster: owners(1, 1).concat({ ownerId: 'o1', area: 2 }), ballots: [], candidates: [] }, 'roster[2].ownerId'],
    ['zero total area', { roster: owners(0, 0), ballots: [], candidates: [] }, 'roster'],
    ['duplicate candidate', { roster: owners(1), ballots: [], candidates: ['A', 'A'] }, 'candidates'],
    ['zero seats', { roster: owners(1), ballots: [], candidates: [], seats: 0 }, 'seats'],
    ['choices not a list', { roster: owners(1), ballots: [{ ownerId: 'o1', choices: 'A' as unknown as string[] }], candidates: [] }, 'ballots[0].choices'],
  ];
  it.each(cases)('%s', (_name, input, field) => {
    expect(() => tallyDoubleMajority(input)).toThrow(DomainInputError);
    try {
      tallyDoubleMajority(input);
    } catch (e) {
      expect((e as DomainInputError).field).toBe(field);
    }
  });
});

describe('properties over random rosters', () => {
  const rosterArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 40 });

  it('quorum holds exactly when 3·participating ≥ 2·total for area (in hundredths) and heads', () => {
    fc.assert(
      fc.property(rosterArb, (rows) => {
        const roster = rows.map(([cents], i) => ({ ownerId: `o${i}`, area: (cents / 100).toFixed(2) }));
        const ballots = rows.flatMap(([, takesPart], i) => (takesPart ? [vote(`o${i}`)] : []));
        const r = tallyDoubleMajority({ roster, ballots, candidates: [] });
        const total = rows.reduce((s, [c]) => s + c, 0);
        const part = rows.reduce((s, [c, t]) => s + (t ? c : 0), 0);
        const heads = ballots.length;
        expect(r.areaQuorumMet).toBe(3 * part >= 2 * total);
        expect(r.headQuorumMet).toBe(3 * heads >= 2 * rows.length);
      }),
    );
  });

  it('an elected candidate always has more than half of participating owners and area', () => {
    fc.assert(
      fc.property(rosterArb, (rows) => {
        const roster = rows.map(([cents], i) => ({ ownerId: `o${i}`, area: String(cents) }));
        const ballots = rows.map(([, , approves], i) => vote(`o${i}`, ...(approves ? ['X'] : [])));
        const r = tallyDoubleMajority({ roster, ballots, candidates: ['X'] });
        const approving = rows.filter(([, , a]) => a);
        const area = approving.reduce((s, [c]) => s + c, 0);
        const total = rows.reduce((s, [c]) => s + c, 0);
        expect(r.quorumMet).toBe(true);
        expect(r.candidates[0].elected).toBe(2 * approving.length > rows.length && 2 * area > total);
      }),
    );
  });
});
