// The yearly pairing report (process A): every agency–compound pairing of the year with its
// projects, overdue ones, reports sent back and ratings, and the agencies with no pairing; as a
// table and a CSV download.
import { get } from '../api';
import { h, mount } from '../dom';
import { t } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import type { PairingYearRow } from '../../../reports/pairing-year';

/** the API's row (a type-only import: nothing of the server's code enters the bundle) */
type ReportRow = PairingYearRow;

export async function renderReports(root: HTMLElement, params: Record<string, string>): Promise<void> {
  const year = /^\d{4}$/.test(params.year ?? '') ? Number(params.year) : new Date().getFullYear();
  const yearInput = h('input', { name: 'year', type: 'number', min: 2000, max: 2100, value: String(year), 'data-testid': 'report-year' });
  const results = h('div', { 'data-testid': 'report-results' });
  const form = h('form', { class: 'filters', onsubmit: (ev: Event) => {
    ev.preventDefault();
    location.hash = `#/reports?year=${encodeURIComponent(yearInput.value)}`;
  } },
  h('label', null, t('reports.year'), yearInput),
  h('button', { type: 'submit', class: 'primary' }, t('reports.show')),
  h('a', { href: `/api/reports/pairing?year=${year}&format=csv`, download: `pairing-${year}.csv`, 'data-testid': 'report-csv' }, t('reports.csv')));
  mount(root, h('h1', null, t('reports.title')), form, results);

  const { rows } = await get<{ rows: ReportRow[] }>(`/api/reports/pairing?year=${year}`);
  if (!rows.length) return mount(results, h('p', { class: 'muted' }, t('reports.empty')));
  const heads: MessageKey[] = ['reports.agency', 'reports.compound', 'reports.status', 'reports.agreement', 'reports.projects', 'reports.closed', 'reports.overdue', 'reports.reports', 'reports.rejected', 'reports.agencyRating', 'reports.communityRating'];
  mount(results, h('table', null,
    h('tr', null, heads.map((k) => h('th', null, t(k)))),
    rows.map((r) => h('tr', { 'data-testid': 'report-row', 'data-agency': r.agencyCode, class: r.status === 'unpaired' || r.overdueProjects > 0 ? 'warn' : '' },
      h('td', null, r.agencyName, ' ', h('code', null, r.agencyCode)),
      h('td', null, r.compoundName ?? '—', r.compoundCode ? [' ', h('code', null, r.compoundCode)] : null),
      h('td', null, r.status),
      h('td', null, r.agreement),
      [r.projects, r.closedProjects, r.overdueProjects, r.reports, r.rejectedReports, r.agencyRating ?? '—', r.communityRating ?? '—'].map((v) => h('td', null, String(v)))))));
}
