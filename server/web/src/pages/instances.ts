// Auditor (and admin): search instances by process, status, compound and start date.
import { query } from '../api';
import { loadInstances } from '../data';
import { h, mount } from '../dom';
import { formatDateTime, t } from '../i18n';
import type { MessageKey } from '../i18n/zh';

const STATUSES = ['running', 'completed', 'cancelled', 'terminated', 'failed'];

export function statusTag(status: string): HTMLElement {
  const key = `status.${status.toLowerCase()}` as MessageKey;
  const label = STATUSES.includes(status.toLowerCase()) ? t(key) : status;
  return h('span', { class: `tag status-${status.toLowerCase()}`, 'data-status': status }, label);
}

/** 'YYYY-MM-DD' (local day) → ISO instant at its start, `plusDays` later. */
function dayStart(day: string | undefined, plusDays: number): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

export async function renderInstances(root: HTMLElement, params: Record<string, string>): Promise<void> {
  const field = (name: string, label: MessageKey, type = 'text') =>
    h('label', null, t(label), h('input', { name, type, value: params[name] ?? '', 'data-testid': `filter-${name}` }));
  const status = h('select', { name: 'status', 'data-testid': 'filter-status' },
    h('option', { value: '' }, t('instances.any')),
    STATUSES.map((s) => h('option', { value: s, selected: params.status === s }, t(`status.${s}` as MessageKey))));
  const results = h('div', { 'data-testid': 'instance-results' });
  const form = h('form', { class: 'filters', onsubmit: (ev: Event) => {
    ev.preventDefault();
    const data = new FormData(form);
    const q = new URLSearchParams();
    for (const [k, v] of data) if (typeof v === 'string' && v) q.set(k, v);
    const next = `#/instances${q.toString() ? `?${q}` : ''}`;
    // searching again with the same filters must still refresh the results
    if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = next;
  } },
  field('processKey', 'instances.processKey'),
  h('label', null, t('instances.status'), status),
  field('compound', 'instances.compound'),
  field('startedAfter', 'instances.startedAfter', 'date'),
  field('startedBefore', 'instances.startedBefore', 'date'),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'instance-search' }, t('instances.search')));

  mount(root, h('h1', null, t('instances.title')), form, results);
  const from = dayStart(params.startedAfter, 0);
  const to = dayStart(params.startedBefore, 1);
  // the form's fields keep the page's own names (startedAfter/startedBefore, shown in the URL); the API's are startedFrom/startedTo
  const list = await loadInstances(query({
    processKey: params.processKey, status: params.status, compound: params.compound,
    startedFrom: from, startedTo: to,
  }));
  if (!list.length) return mount(results, h('p', { class: 'muted' }, t('instances.empty')));
  mount(results, h('table', null,
    h('tr', null, [t('instances.id'), t('instances.processKey'), t('instances.status'), t('instances.startedAt'), ''].map((x) => h('th', null, x))),
    list.map((i) => h('tr', { 'data-testid': 'instance-row', 'data-instance-id': i.id },
      h('td', null, h('code', null, i.id)),
      h('td', null, i.processKey),
      h('td', null, statusTag(i.status)),
      h('td', null, formatDateTime(i.startedAt ?? i.createdAt)),
      h('td', null, h('a', { href: `#/instances/${encodeURIComponent(i.id)}`, 'data-testid': 'instance-open' }, t('instances.open')))))));
}
