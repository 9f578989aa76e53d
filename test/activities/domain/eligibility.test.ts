import { checkEligibility } from '../../../activities/domain/eligibility';
import { addYears, parseCalendarDate } from '../../../activities/domain/calendar';
import { DomainInputError } from '../../../activities/domain/errors';

const base = { totalArea: '10000', deliveredArea: '1000', asOf: '2026-06-01' };

describe('delivered area rule (≥ 50 %)', () => {
  it('is eligible at exactly half the area delivered', () => {
    const r = checkEligibility({ ...base, deliveredArea: '5000' });
    expect(r).toMatchObject({ eligible: true, grounds: ['delivered-area'], deliveredAreaAtLeastHalf: true });
  });
  it('is not eligible one hundredth of a m² below half', () => {
    const r = checkEligibility({ ...base, deliveredArea: '4999.99' });
    expect(r.eligible).toBe(false);
    expect(r.grounds).toEqual([]);
  });
  it('compares odd totals exactly (half of 10000.01)', () => {
    expect(checkEligibility({ ...base, totalArea: '10000.01', deliveredArea: '5000.005' }).eligible).toBe(true);
    expect(checkEligibility({ ...base, totalArea: '10000.01', deliveredArea: '5000.004' }).eligible).toBe(false);
  });
});

describe('two years since first delivery', () => {
  it('is not yet eligible on the anniversary, eligible the day after (Civil Code arts. 201–203)', () => {
    const onAnniversary = checkEligibility({ ...base, firstDeliveryDate: '2024-06-01', asOf: '2026-06-01' });
    expect(onAnniversary).toMatchObject({ eligible: false, twoYearsReachedOn: '2026-06-02' });
    const dayAfter = checkEligibility({ ...base, firstDeliveryDate: '2024-06-01', asOf: '2026-06-02' });
    expect(dayAfter).toMatchObject({ eligible: true, grounds: ['two-years-since-delivery'] });
  });
  it('ends a period started on 29 February on 28 February of a common year', () => {
    const r = checkEligibility({ ...base, firstDeliveryDate: '2024-02-29', asOf: '2026-02-28' });
    expect(r).toMatchObject({ eligible: false, twoYearsReachedOn: '2026-03-01' });
    expect(checkEligibility({ ...base, firstDeliveryDate: '2024-02-29', asOf: '2026-03-01' }).eligible).toBe(true);
  });
  it('crosses a leap day inside the period without shifting the end', () => {
    const r = checkEligibility({ ...base, firstDeliveryDate: '2027-03-01', asOf: '2029-03-01' });
    expect(r).toMatchObject({ eligible: false, twoYearsReachedOn: '2029-03-02' });
    expect(checkEligibility({ ...base, firstDeliveryDate: '2026-12-31', asOf: '2029-01-01' })).toMatchObject({
      eligible: true,
      twoYearsReachedOn: '2029-01-01',
    });
  });
  it('ignores a time of day written after the date', () => {
    const r = checkEligibility({ ...base, firstDeliveryDate: '2024-06-01T23:59:59+08:00', asOf: '2026-06-02T00:00:01Z' });
    expect(r.eligible).toBe(true);
  });
  it('reports both grounds when both hold', () => {
    const r = checkEligibility({ ...base, deliveredArea: '9000', firstDeliveryDate: '2020-01-01' });
    expect(r.grounds).toEqual(['delivered-area', 'two-years-since-delivery']);
  });
  it('has no two-year date when nothing is delivered yet', () => {
    const r = checkEligibility({ ...base, deliveredArea: '0', firstDeliveryDate: null });
    expect(r).toEqual({ eligible: false, grounds: [], deliveredAreaAtLeastHalf: false, twoYearsReachedOn: null });
  });
});

describe('calendar', () => {
  it('adds years landing on the last day of a short month', () => {
    expect(addYears(parseCalendarDate('2024-02-29', 'd'), 4)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addYears(parseCalendarDate('2096-02-29', 'd'), 4)).toEqual({ year: 2100, month: 2, day: 28 });
    expect(addYears(parseCalendarDate('1996-02-29', 'd'), 4)).toEqual({ year: 2000, month: 2, day: 29 });
  });
});

describe('bad input names the field', () => {
  it.each([
    [{ ...base, asOf: '2026-02-29' }, 'asOf'],
    [{ ...base, asOf: '2026-13-01' }, 'asOf'],
    [{ ...base, asOf: '01/06/2026' }, 'asOf'],
    [{ ...base, firstDeliveryDate: '2100-02-29' }, 'firstDeliveryDate'],
    [{ ...base, firstDeliveryDate: '2027-01-01' }, 'firstDeliveryDate'],
    [{ ...base, deliveredArea: '10000.01' }, 'deliveredArea'],
    [{ ...base, totalArea: '0' }, 'totalArea'],
    [{ ...base, totalArea: 'lots' }, 'totalArea'],
    [{ ...base, deliveredArea: '0', firstDeliveryDate: '2020-01-01' }, 'firstDeliveryDate'],
  ])('%o → %s', (input, field) => {
    let error: unknown;
    try {
      checkEligibility(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainInputError);
    expect((error as DomainInputError).field).toBe(field);
  });
});
