// The yearly rule of pairing (003: 每个机关党组织每年至少认领一个项目): by the cut-off date, every
// agency must have claimed at least one project in the year; the ones without are escalated.
import { compareDates, parseCalendarDate } from './calendar';
import { DomainInputError } from './errors';

export interface ClaimedProject {
  agencyCode: string;
  /** day the project was confirmed for the agency, "YYYY-MM-DD" */
  claimedOn: string;
}

export interface YearlyClaimInput {
  year: number;
  /** last day that counts, "YYYY-MM-DD" (inside `year`) */
  cutoffDate: string;
  agencyCodes: readonly string[];
  projects: readonly ClaimedProject[];
}

export interface YearlyClaimResult {
  compliant: boolean;
  /** agencies with no project claimed in the year up to the cut-off, in the order given */
  agenciesWithoutProject: string[];
  claimsByAgency: Record<string, number>;
}

export function checkYearlyClaims(input: YearlyClaimInput): YearlyClaimResult {
  if (!Number.isSafeInteger(input.year)) throw new DomainInputError('year', `must be a year, got ${input.year}`);
  const cutoff = parseCalendarDate(input.cutoffDate, 'cutoffDate');
  if (cutoff.year !== input.year) throw new DomainInputError('cutoffDate', `${input.cutoffDate} is not in ${input.year}`);
  if (!Array.isArray(input.agencyCodes)) throw new DomainInputError('agencyCodes', 'must be a list');
  if (!Array.isArray(input.projects)) throw new DomainInputError('projects', 'must be a list');
  const claimsByAgency: Record<string, number> = Object.fromEntries(input.agencyCodes.map((a) => [a, 0]));
  input.projects.forEach((p, i) => {
    const day = parseCalendarDate(p.claimedOn, `projects[${i}].claimedOn`);
    if (day.year !== input.year || compareDates(day, cutoff) > 0) return;
    if (p.agencyCode in claimsByAgency) claimsByAgency[p.agencyCode] += 1;
  });
  const agenciesWithoutProject = input.agencyCodes.filter((a) => claimsByAgency[a] === 0);
  return { compliant: agenciesWithoutProject.length === 0, agenciesWithoutProject, claimsByAgency };
}
