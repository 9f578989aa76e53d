// Auditor: one instance — the diagram with its path, the timeline (who, what, when, decision),
// a step slider replaying it event by event, history download and the determinism check.
import { get, post, request, unwrap } from '../api';
import { loadInstance, loadVersionXml } from '../data';
import { createDiagram, type DiagramView } from '../components/diagram';
import { download, h, mount, toast } from '../dom';
import { formatDateTime, t, timelineText } from '../i18n';
import { pathAtStep, pathFromState, sortTimeline } from '../audit/path';
import type { TimelineEntry } from '../model';
import type { Cleanup } from '../router';
import { user } from '../session';
import { pendingTimersTable } from '../components/pending-timers';
import { statusTag } from './instances';
import { instanceRecords } from '../components/instance-records';

/** A decision is the values a task was completed with, a reason, or a message: shown compactly. */
export function decisionText(decision: unknown): string {
  if (decision === null || decision === undefined) return '';
  if (typeof decision !== 'object') return String(decision);
  const entries = Object.entries(decision as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
  return entries.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ');
}

export async function renderAudit(root: HTMLElement, params: Record<string, string>): Promise<Cleanup> {
  const id = params.id;
  const enc = encodeURIComponent(id);
  const [instance, rawTimeline] = await Promise.all([
    loadInstance(id),
    get<unknown>(`/api/instances/${enc}/timeline`).catch(() => []),
  ]);
  const timeline = sortTimeline(unwrap<TimelineEntry[]>(rawTimeline, 'timeline') ?? []);
  const n = timeline.length;

  const diagramBox = h('div', { class: 'diagram', 'data-testid': 'audit-diagram' });
  const stepLabel = h('span', { 'data-testid': 'replay-step' });
  const slider = h('input', { type: 'range', min: 0, max: n, value: n, step: 1, 'data-testid': 'replay-slider', 'aria-label': t('audit.step', { k: n, n }) });
  const replayResult = h('span', { 'data-testid': 'replay-result' });
  const rows = timeline.map((e, i) => h('tr', { 'data-step': i + 1 },
    h('td', { class: 'nowrap' }, formatDateTime(e.at)),
    h('td', null, e.who || t('audit.system')),
    h('td', null, timelineText(e.what)),
    h('td', { class: 'nowrap', 'data-element-id': e.elementId ?? '' }, e.elementId ? h('code', null, e.elementId) : ''),
    h('td', null, decisionText(e.decision))));

  const legend = h('div', { class: 'legend' },
    (['completed', 'active', 'escalated', 'cancelled', 'incident'] as const).map((m) => h('span', { class: m }, t(`audit.legend.${m}`))));

  const canCancel = user()?.role === 'admin' && instance.status.toLowerCase() === 'running';
  const recordsBox = h('div');
  void instanceRecords(instance.id, instance.processKey).then((node) => recordsBox.append(node)).catch(() => undefined);
  mount(root,
    h('div', { class: 'toolbar' },
      h('h1', { style: 'margin:0' }, t('audit.title'), ' ', h('code', null, instance.id)),
      statusTag(instance.status),
      h('span', { class: 'muted' }, instance.processKey),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', 'data-testid': 'download-history', onclick: () => void downloadHistory() }, t('audit.downloadHistory')),
      h('button', { type: 'button', class: 'primary', 'data-testid': 'replay-check', onclick: () => void replay() }, t('audit.replay')),
      canCancel ? h('button', { type: 'button', class: 'danger', onclick: () => void cancel() }, t('instances.cancel')) : null),
    replayResult,
    legend,
    diagramBox,
    h('div', { class: 'replay' }, slider, stepLabel),
    (instance.state?.incidents?.length ?? 0) > 0
      ? [h('h2', null, t('audit.incidents')), h('ul', { class: 'problem-list' }, instance.state!.incidents!.map((i) => h('li', null, h('code', null, i.elementId ?? '—'), i.message)))]
      : null,
    instance.status.toLowerCase() === 'running' ? [h('h2', null, t('audit.pending')), pendingTimersTable(instance.state?.pendingTimers ?? [])] : null,
    recordsBox,
    h('h2', null, t('audit.timeline')),
    h('table', { 'data-testid': 'timeline' },
      h('tr', null, [t('audit.when'), t('audit.who'), t('audit.what'), t('audit.element'), t('audit.decision')].map((x) => h('th', null, x))),
      rows));

  let diagram: DiagramView | null = null;
  try {
    const xml = await loadVersionXml(instance.versionId);
    diagram = await createDiagram(diagramBox, xml);
    // name the steps as the diagram does; the id stays as a tooltip
    for (const cell of root.querySelectorAll<HTMLElement>('td[data-element-id]')) {
      const id = cell.dataset.elementId;
      const name = id ? (diagram.nameOf(id) ?? diagram.nameOf(id.split('__')[0])) : undefined;
      if (id && name) {
        cell.title = id;
        cell.textContent = id.includes('__') ? `${name} (${id.split('__')[1]})` : name;
      }
    }
  } catch (err) {
    mount(diagramBox, h('p', { class: 'error' }, err instanceof Error ? err.message : String(err)));
  }

  function showStep(k: number): void {
    stepLabel.textContent = t('audit.step', { k, n });
    rows.forEach((row, i) => {
      row.classList.toggle('current-step', i === k - 1);
      row.classList.toggle('future-step', i >= k);
    });
    if (!diagram) return;
    // the last frame is the live state the workflow reports; earlier frames replay the timeline
    diagram.show(k === n ? pathFromState(instance.state, diagram.index) : pathAtStep(timeline, k, diagram.index, instance.state?.visited));
  }
  slider.addEventListener('input', () => showStep(Number(slider.value)));
  showStep(n);

  async function downloadHistory(): Promise<void> {
    const history = await request<string>('GET', `/api/instances/${enc}/history`, { text: true });
    download(`${instance.workflowId ?? instance.id}-history.json`, history, 'application/json');
  }

  async function replay(): Promise<void> {
    replayResult.textContent = t('app.loading');
    replayResult.className = 'muted';
    try {
      const res = await post<{ ok: boolean; error?: string }>(`/api/instances/${enc}/replay`);
      replayResult.textContent = res.ok ? t('audit.replayOk') : t('audit.replayFailed', { error: res.error ?? '' });
      replayResult.className = res.ok ? 'ok' : 'error';
    } catch (err) {
      replayResult.textContent = t('audit.replayFailed', { error: err instanceof Error ? err.message : String(err) });
      replayResult.className = 'error';
    }
  }

  async function cancel(): Promise<void> {
    if (!confirm(t('instances.cancelConfirm'))) return;
    try {
      await post(`/api/instances/${enc}/cancel`);
      location.reload();
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  return () => diagram?.destroy();
}
