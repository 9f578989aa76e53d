// Admin: deployed versions per process, each version's instances, open a version in the modeler,
// start an instance.
import { get, post, query, unwrap } from '../api';
import { loadInstances } from '../data';
import { h, mount, toast } from '../dom';
import { formatDateTime, t } from '../i18n';
import type { InstanceSummary, Version } from '../model';
import type { StartVariable } from '../../../../bpmn/graph';
import { statusTag } from './instances';

const EMPTY: Record<string, unknown> = { string: '', number: 0, boolean: false, list: [], context: {}, date: '' };

export async function renderVersions(root: HTMLElement, params: Record<string, string>): Promise<void> {
  const versions = unwrap<Version[]>(await get<unknown>('/api/deployments'), 'deployments') ?? [];
  const byProcess = new Map<string, Version[]>();
  for (const v of versions) byProcess.set(v.processKey, [...(byProcess.get(v.processKey) ?? []), v]);
  for (const list of byProcess.values()) list.sort((a, b) => b.version - a.version);

  const keys = [...byProcess.keys()].sort();
  const selected = params.processKey && byProcess.has(params.processKey) ? params.processKey : keys[0];
  const side = h('div', { class: 'list', 'data-testid': 'process-list' }, keys.map((key) => {
    const latest = byProcess.get(key)![0];
    return h('a', { class: `list-item${key === selected ? ' selected' : ''}`, href: `#/versions?processKey=${encodeURIComponent(key)}`, 'data-process-key': key },
      h('div', { class: 'title' }, latest.name || key), h('div', { class: 'muted' }, key, ' · v', latest.version));
  }));
  const body = h('div', { class: 'task-detail' });
  mount(root, h('h1', null, t('versions.title')), keys.length ? h('div', { class: 'split' }, side, body) : h('p', { class: 'muted' }, t('versions.empty')));
  if (!selected) return;

  const list = byProcess.get(selected)!;
  const instances = await loadInstances(query({ processKey: selected })).catch(() => [] as InstanceSummary[]);
  // a template of the latest version's documented start variables (gov:startVariable)
  const graph = await get<{ graph?: { startVariables?: StartVariable[] } }>(`/api/deployments/${encodeURIComponent(list[0].id)}`).catch(() => null);
  const startVars = graph?.graph?.startVariables ?? [];
  const template = Object.fromEntries(startVars.map((v) => [v.name, EMPTY[v.type] ?? '']));
  const vars = h('textarea', { 'data-testid': 'start-variables', value: JSON.stringify(template, null, 2), rows: Math.min(12, startVars.length + 2) });
  const varHelp = startVars.length
    ? h('dl', { class: 'kv muted' }, startVars.map((v) => [h('dt', null, h('code', null, v.name), v.required ? ' *' : ''), h('dd', null, `${v.type}${v.description ? ` · ${v.description}` : ''}`)]))
    : null;
  const startButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'start-instance', onclick: () => void start() }, t('versions.start'));

  async function start(): Promise<void> {
    let variables: unknown;
    try {
      variables = JSON.parse(vars.value || '{}');
    } catch {
      toast(t('versions.badJson'), 'error');
      return;
    }
    try {
      const inst = unwrap<{ id: string }>(await post<unknown>('/api/instances', { processKey: selected, variables }), 'instance');
      toast(t('versions.started', { id: inst.id }), 'ok');
      location.hash = `#/instances/${encodeURIComponent(inst.id)}`;
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  mount(body,
    h('div', { class: 'card' },
      h('h2', null, list[0].name || selected),
      h('label', null, t('versions.startVariables'), vars),
      varHelp,
      startButton),
    list.map((v) => {
      const mine = instances.filter((i) => i.versionId === v.id);
      return h('div', { class: 'card', 'data-testid': 'version', 'data-version-id': v.id },
        h('h2', null, `${t('versions.version')} ${v.version}`, ' ',
          h('a', { href: `#/modeler?version=${encodeURIComponent(v.id)}`, 'data-testid': 'open-in-modeler' }, t('modeler.loadVersion'))),
        h('p', { class: 'muted' }, `${t('versions.created')} ${formatDateTime(v.createdAt)} · ${t('versions.hash')} `, h('code', null, v.hash.slice(0, 12))),
        mine.length
          ? h('table', null, h('tr', null, h('th', null, t('instances.id')), h('th', null, t('instances.status')), h('th', null, t('instances.startedAt'))),
            mine.map((i) => h('tr', null,
              h('td', null, h('a', { href: `#/instances/${encodeURIComponent(i.id)}` }, i.id)),
              h('td', null, statusTag(i.status)),
              h('td', null, formatDateTime(i.startedAt ?? i.createdAt)))))
          : h('p', { class: 'muted' }, t('versions.noInstances')));
    }));
}
