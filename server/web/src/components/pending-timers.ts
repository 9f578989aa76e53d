// The instance page's list of what the instance waits for by the clock: statutory waits, task
// deadlines, reminders and escalation steps, each with its due time and what happens then.
import { h } from '../dom';
import { formatDateTime, t } from '../i18n';
import type { PendingTimer } from '../model';

function thenText(p: PendingTimer): string {
  const next = (p.then.next ?? []).map((n) => n.name ?? n.elementId).join(', ') || '—';
  switch (p.then.action) {
    case 'continue':
      return t('audit.pending.then.continue', { next });
    case 'interrupt':
      return t('audit.pending.then.interrupt', { next });
    case 'remind':
      return t('audit.pending.then.remind');
    case 'escalate':
      return t('audit.pending.then.escalate', { level: p.then.level ?? '—' });
    default:
      return t('audit.pending.then.overdue');
  }
}

/** A generated reminder/escalation timer is named by the task it belongs to. */
function whatText(p: PendingTimer): string {
  if (p.generatedFor) return p.generatedForName ?? p.generatedFor;
  return p.name ?? p.elementId;
}

export function pendingTimersTable(timers: PendingTimer[]): HTMLElement {
  if (timers.length === 0) return h('p', { class: 'muted', 'data-testid': 'pending-timers' }, t('audit.pending.none'));
  return h('table', { 'data-testid': 'pending-timers' },
    h('tr', null, [t('audit.pending.what'), t('audit.pending.kind'), t('audit.pending.dueAt'), t('audit.pending.then')].map((x) => h('th', null, x))),
    timers.map((p) => h('tr', { 'data-testid': 'pending-timer', 'data-element-id': p.elementId, 'data-kind': p.kind, 'data-due-at': p.dueAt, title: p.description },
      h('td', null, whatText(p)),
      h('td', null, t(`audit.pending.kind.${p.kind}`)),
      h('td', { class: 'nowrap' }, formatDateTime(p.dueAt)),
      h('td', null, thenText(p)))));
}
