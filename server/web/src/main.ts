// Entry point: session, shell (header with role nav, bell, language switch), hash routing.
import { ApiError } from './api';
import { createBell, type Bell } from './components/bell';
import { h, mount } from './dom';
import { getLang, onLangChange, setLang, t } from './i18n';
import { hashQuery, match, type Cleanup, type Route } from './router';
import { demoPasswordAccounts, forgetSession, homeOf, loadSession, logout, mayOpen, user, type PageId } from './session';
import type { MessageKey } from './i18n/zh';

const routes: Route[] = [
  { path: '/login', page: 'login', load: async () => (await import('./pages/login')).renderLogin },
  { path: '/modeler', page: 'modeler', load: async () => (await import('./pages/modeler')).renderModeler },
  { path: '/versions', page: 'versions', load: async () => (await import('./pages/versions')).renderVersions },
  { path: '/inbox', page: 'inbox', load: async () => (await import('./pages/inbox')).renderInbox },
  { path: '/inbox/:taskId', page: 'inbox', load: async () => (await import('./pages/inbox')).renderInbox },
  { path: '/instances', page: 'instances', load: async () => (await import('./pages/instances')).renderInstances },
  { path: '/instances/:id', page: 'instances', load: async () => (await import('./pages/audit')).renderAudit },
  { path: '/account', page: 'account', load: async () => (await import('./pages/account')).renderAccount },
  { path: '/reports', page: 'reports', load: async () => (await import('./pages/reports')).renderReports },
];

const NAV: { page: PageId; label: MessageKey }[] = [
  { page: 'modeler', label: 'nav.modeler' },
  { page: 'versions', label: 'nav.versions' },
  { page: 'inbox', label: 'nav.inbox' },
  { page: 'instances', label: 'nav.instances' },
  { page: 'reports', label: 'nav.reports' },
];

const header = h('header', { class: 'app-header' });
/** demo data still in use: the public demo password opens these accounts */
const banner = h('div', { class: 'demo-banner', role: 'alert', 'data-testid': 'demo-banner', hidden: true });
const main = h('main', { class: 'app-main', id: 'main' });
let cleanup: Cleanup | void = undefined;
let bell: Bell | null = null;
let renderSeq = 0;

function renderHeader(): void {
  const u = user();
  const current = location.hash.split('/')[1]?.split('?')[0];
  mount(header,
    h('a', { class: 'brand', href: u ? homeOf(u) : '#/login' }, t('app.title')),
    h('nav', { class: 'app-nav', 'data-testid': 'nav' }, u
      ? NAV.filter((n) => mayOpen(u, n.page)).map((n) => h('a', { href: `#/${n.page}`, class: n.page === current ? 'active' : '', 'data-page': n.page }, t(n.label)))
      : null),
    h('div', { class: 'app-tools' },
      u && bell ? bell.node : null,
      h('button', { type: 'button', class: 'lang-switch', 'data-testid': 'lang-switch', onclick: () => setLang(getLang() === 'zh' ? 'en' : 'zh') }, t('app.lang.switch')),
      u ? h('a', { class: 'who', href: '#/account', title: t('account.link'), 'data-testid': 'who' }, `${u.displayName} · ${t(`role.${u.role}` as MessageKey)}`) : null,
      u ? h('button', { type: 'button', class: 'link', 'data-testid': 'logout', onclick: () => void doLogout() }, t('logout')) : null,
    ),
  );
}

function renderBanner(): void {
  const u = user();
  const others = demoPasswordAccounts();
  const text = !u ? null : u.role === 'admin' && others ? t('demo.admin', { n: others }) : u.demoPassword ? t('demo.own') : null;
  banner.hidden = !text;
  banner.textContent = text ?? '';
}

async function doLogout(): Promise<void> {
  await logout().catch(() => undefined);
  bell?.close();
  bell = null;
  location.hash = '#/login';
}

async function route(): Promise<void> {
  const seq = ++renderSeq;
  const u = user();
  if (u && !bell) bell = createBell();
  const found = match(routes, location.hash);
  if (!u && found?.route.page !== 'login') {
    location.hash = '#/login';
    return;
  }
  if (!found) {
    if (u) location.hash = homeOf(u);
    else location.hash = '#/login';
    return;
  }
  if (u && found.route.page === 'login') {
    location.hash = homeOf(u);
    return;
  }
  // after an admin's reset nothing else opens until the user has chosen their own password
  if (u?.mustChangePassword && found.route.page !== 'account') {
    location.hash = '#/account';
    return;
  }
  renderHeader();
  renderBanner();
  if (cleanup) cleanup();
  cleanup = undefined;
  if (u && found.route.page !== 'login' && !mayOpen(u, found.route.page)) {
    mount(main, h('p', { class: 'error', 'data-testid': 'forbidden' }, t('app.forbidden')));
    return;
  }
  mount(main, h('p', { class: 'muted' }, t('app.loading')));
  try {
    const render = await found.route.load();
    if (seq !== renderSeq) return;
    main.replaceChildren();
    const params = { ...Object.fromEntries(hashQuery()), ...found.params };
    const result = await render(main, params);
    if (seq !== renderSeq) {
      if (result) result();
      return;
    }
    cleanup = result;
  } catch (err) {
    if (seq !== renderSeq) return;
    showError(err);
  }
}

function showError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) {
    forgetSession();
    bell?.close();
    bell = null;
    location.hash = '#/login';
    return;
  }
  const message = err instanceof ApiError && err.status === 0 ? t('app.offline') : err instanceof Error ? err.message : String(err);
  mount(main, h('div', { class: 'error', role: 'alert' }, h('strong', null, t('app.error')), ' ', message,
    h('button', { type: 'button', onclick: () => void route() }, t('app.retry'))));
}

async function start(): Promise<void> {
  document.documentElement.lang = getLang() === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title');
  document.body.replaceChildren(header, banner, main);
  onLangChange(() => {
    document.title = t('app.title');
    void route();
  });
  window.addEventListener('hashchange', () => void route());
  window.addEventListener('gridflow:session', () => void route());
  try {
    await loadSession();
  } catch (err) {
    renderHeader();
    showError(err);
    return;
  }
  await route();
}

void start();
