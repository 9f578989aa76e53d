import { scheduleMeetingNotice } from '../../../activities/domain/meetingNotice';

describe('meeting notice period (≥ 15 days)', () => {
  it('keeps a date at least 15 days after the notice', () => {
    expect(scheduleMeetingNotice('2026-11-23', '2026-12-08')).toEqual({ meetingDate: '2026-12-08', meetingOpensIn: 'P15D', meetingDateAdjusted: false });
    expect(scheduleMeetingNotice('2026-11-23', '2027-01-10')).toEqual({ meetingDate: '2027-01-10', meetingOpensIn: 'P48D', meetingDateAdjusted: false });
  });
  it('moves a date one day short of the period to the first lawful day', () => {
    expect(scheduleMeetingNotice('2026-11-23', '2026-12-07')).toEqual({ meetingDate: '2026-12-08', meetingOpensIn: 'P15D', meetingDateAdjusted: true });
    expect(scheduleMeetingNotice('2026-11-23', '2026-11-01').meetingDate).toBe('2026-12-08');
  });
  it('counts across a leap day', () => {
    expect(scheduleMeetingNotice('2028-02-20', '2028-03-06')).toEqual({ meetingDate: '2028-03-06', meetingOpensIn: 'P15D', meetingDateAdjusted: false });
    expect(scheduleMeetingNotice('2028-02-20', '2028-03-05').meetingDateAdjusted).toBe(true);
  });
  it('names a date that does not exist', () => {
    expect(() => scheduleMeetingNotice('2026-11-23', '2026-02-30')).toThrow(/meetingDate: "2026-02-30" is not a date/);
  });
});
