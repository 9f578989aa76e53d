// The notification bell: unread count, a dropdown list, kept live by the server's SSE stream.
import { get, post, unwrap } from '../api';
import { h, mount, toast } from '../dom';
import { formatDateTime, t } from '../i18n';
import type { Notification } from '../model';

export interface Bell {
  node: HTMLElement;
  close(): void;
}

function isUnread(n: Notification): boolean {
  return !n.readAt && !n.read;
}

/** An inline SVG bell: emoji fonts are not on every official's machine. */
function bellIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z');
  path.setAttribute('fill', 'currentColor');
  svg.appendChild(path);
  return svg;
}

export function createBell(onNotification?: (n: Notification) => void): Bell {
  let items: Notification[] = [];
  const badge = h('span', { class: 'bell-badge', 'data-testid': 'bell-count' });
  const list = h('div', { class: 'bell-list', hidden: true, 'data-testid': 'bell-list' });
  const button = h('button', { type: 'button', class: 'bell', title: t('bell.title'), 'aria-label': t('bell.title'), onclick: () => {
    list.hidden = !list.hidden;
  } }, bellIcon(), badge);
  const node = h('div', { class: 'bell-wrap' }, button, list);

  function render(): void {
    const unread = items.filter(isUnread).length;
    badge.textContent = unread ? String(unread) : '';
    badge.hidden = unread === 0;
    if (!items.length) return mount(list, h('p', { class: 'muted' }, t('bell.empty')));
    mount(list, items.slice(0, 30).map((n) => h('div', { class: `bell-item${isUnread(n) ? ' unread' : ''}`, 'data-testid': 'bell-item' },
      h('div', { class: 'title' }, n.title ?? n.message ?? ''),
      n.body ? h('div', null, n.body) : null,
      h('small', { class: 'muted' }, formatDateTime(n.createdAt)),
      isUnread(n) ? h('button', { type: 'button', class: 'link', onclick: () => void markRead(n) }, t('bell.markRead')) : null,
      n.taskId ? h('a', { href: `#/inbox/${encodeURIComponent(n.taskId)}` }, '→') : null,
    )));
  }

  async function markRead(n: Notification): Promise<void> {
    try {
      await post(`/api/notifications/${encodeURIComponent(n.id)}/read`);
      n.readAt = new Date().toISOString();
      render();
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  function add(n: Notification): void {
    if (items.some((x) => x.id === n.id)) return;
    items = [n, ...items];
    render();
    onNotification?.(n);
    // pages that show live data (the inbox) refresh on this
    window.dispatchEvent(new CustomEvent('gridflow:notification', { detail: n }));
  }

  get<unknown>('/api/notifications')
    .then((res) => {
      const loaded = unwrap<Notification[]>(res, 'notifications') ?? [];
      const known = new Set(items.map((x) => x.id));
      items = [...items, ...loaded.filter((x) => !known.has(x.id))];
      render();
    })
    .catch(() => render());

  // EventSource reconnects by itself when the server restarts; the cookie authenticates it.
  const source = typeof EventSource === 'undefined' ? null : new EventSource('/api/notifications/stream');
  const onMessage = (ev: MessageEvent): void => {
    try {
      const data = JSON.parse(String(ev.data)) as Notification | { notification: Notification };
      const n = 'notification' in data ? data.notification : data;
      if (n && typeof n === 'object' && 'id' in n) add(n);
    } catch {
      // a keep-alive or a malformed event: nothing to show
    }
  };
  source?.addEventListener('message', onMessage);
  source?.addEventListener('notification', onMessage as EventListener);
  render();
  return { node, close: () => source?.close() };
}
