// The yearly report of process A: one row per agency–compound pairing of the year (its projects,
// how many ran past their deadline, every report and how many were sent back, the two ratings,
// the agreement) and one row per agency with no pairing that year, which the yearly rule escalates.
import type { PrismaClient } from '@prisma/client';

export interface PairingYearRow {
  agencyCode: string;
  agencyName: string;
  compoundCode: string | null;
  compoundName: string | null;
  /** confirmed | ended | proposed | unpaired */
  status: string;
  /** draft | signed | refused | none */
  agreement: string;
  projects: number;
  closedProjects: number;
  overdueProjects: number;
  reports: number;
  rejectedReports: number;
  /** the community's score of the agency, 1–5 */
  agencyRating: number | null;
  /** the agency's score of the community, 1–5 */
  communityRating: number | null;
}

/** Past its deadline and still open, or closed after it; cancelled projects do not count. */
function overdue(p: { status: string; deadline: Date | null; closedAt: Date | null }, now: Date): boolean {
  if (!p.deadline || p.status === 'cancelled') return false;
  return p.closedAt ? p.closedAt > p.deadline : now > p.deadline;
}

/** Rows of the year; `visible` limits them to pairings whose agency or compound it contains (officials). */
export async function pairingYearReport(prisma: PrismaClient, year: number, visible?: Set<string>, now = new Date()): Promise<PairingYearRow[]> {
  const pairings = await prisma.pairing.findMany({
    where: { round: { year } },
    include: {
      agency: true,
      compound: true,
      agreement: true,
      ratings: true,
      projects: { include: { reports: { select: { verdict: true } } } },
    },
  });
  const rows: PairingYearRow[] = pairings.map((p) => {
    const projects = p.projects.filter((x) => x.status !== 'cancelled');
    const reports = projects.flatMap((x) => x.reports);
    return {
      agencyCode: p.agency.code,
      agencyName: p.agency.name,
      compoundCode: p.compound.code,
      compoundName: p.compound.name,
      status: p.status,
      agreement: p.agreement?.status ?? 'none',
      projects: projects.length,
      closedProjects: projects.filter((x) => x.status === 'closed').length,
      overdueProjects: projects.filter((x) => overdue(x, now)).length,
      reports: reports.length,
      rejectedReports: reports.filter((r) => r.verdict === 'reject').length,
      agencyRating: p.ratings.find((r) => r.toUnitId === p.agencyId)?.score ?? null,
      communityRating: p.ratings.find((r) => r.toUnitId === p.compoundId)?.score ?? null,
    };
  });
  const paired = new Set(pairings.filter((p) => p.status !== 'ended').map((p) => p.agency.code));
  const agencies = await prisma.unit.findMany({ where: { kind: 'agency' }, orderBy: { code: 'asc' } });
  for (const a of agencies) {
    if (paired.has(a.code) || rows.some((r) => r.agencyCode === a.code && r.status !== 'ended')) continue;
    rows.push({ agencyCode: a.code, agencyName: a.name, compoundCode: null, compoundName: null, status: 'unpaired', agreement: 'none', projects: 0, closedProjects: 0, overdueProjects: 0, reports: 0, rejectedReports: 0, agencyRating: null, communityRating: null });
  }
  rows.sort((a, b) => (a.agencyCode < b.agencyCode ? -1 : a.agencyCode > b.agencyCode ? 1 : (a.compoundCode ?? '') < (b.compoundCode ?? '') ? -1 : 1));
  return visible ? rows.filter((r) => visible.has(r.agencyCode) || (r.compoundCode !== null && visible.has(r.compoundCode))) : rows;
}

const COLUMNS: (keyof PairingYearRow)[] = [
  'agencyCode', 'agencyName', 'compoundCode', 'compoundName', 'status', 'agreement', 'projects', 'closedProjects',
  'overdueProjects', 'reports', 'rejectedReports', 'agencyRating', 'communityRating',
];

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // a leading = + - @ would be a formula in a spreadsheet: quote it as text
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV with a header row, UTF-8 with a byte-order mark so spreadsheet programs read the Chinese names. */
export function pairingYearCsv(rows: PairingYearRow[]): string {
  return '\uFEFF' + [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
