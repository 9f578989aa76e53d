// The first owners' general meeting may open no earlier than 15 days after the candidate list and
// the meeting notice are published (docs/processes.md C.5). The preparatory group picks a date; a date
// too early is moved to the first lawful day (and says so), so the meeting is never held short of
// the notice period and nobody has to fix a typo through an incident.
import { addDays, compareDates, formatDate, parseCalendarDate } from './calendar';
import { DomainInputError } from './errors';

export interface MeetingNotice {
  /** the day the meeting opens, "YYYY-MM-DD" */
  meetingDate: string;
  /** whole days from the notice to the meeting, as an ISO duration for the publicity timer */
  meetingOpensIn: string;
  /** true when the requested date was earlier than the notice period allows */
  meetingDateAdjusted: boolean;
}

export function scheduleMeetingNotice(noticeDay: string, requestedDate: string, minimumDays = 15): MeetingNotice {
  if (!Number.isSafeInteger(minimumDays) || minimumDays < 0) throw new DomainInputError('minimumDays', `must be a whole number of days, got ${minimumDays}`);
  const notice = parseCalendarDate(noticeDay, 'noticeDay');
  const requested = parseCalendarDate(requestedDate, 'meetingDate');
  const earliest = addDays(notice, minimumDays);
  const adjusted = compareDates(requested, earliest) < 0;
  const date = adjusted ? earliest : requested;
  const days = Math.round((Date.UTC(date.year, date.month - 1, date.day) - Date.UTC(notice.year, notice.month - 1, notice.day)) / 86_400_000);
  return { meetingDate: formatDate(date), meetingOpensIn: `P${days}D`, meetingDateAdjusted: adjusted };
}
