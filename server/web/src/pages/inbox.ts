// Official: my tasks sorted by due date (overdue and due soon marked), the selected task's form,
// claim/unclaim/complete, and the instance's diagram with the current step highlighted.
import { ApiError, get, post, unwrap } from '../api';
import { loadInstance, loadVersionXml } from '../data';
import { createDiagram, type DiagramView } from '../components/diagram';
import { createTaskForm } from '../components/task-form';
import { createMeetingPanel } from '../components/meeting-panel';
import { h, mount, toast } from '../dom';
import { formatDateTime, t } from '../i18n';
import { pathFromState } from '../audit/path';
import type { Task } from '../model';
import type { Cleanup } from '../router';
import { user } from '../session';

const DUE_SOON_MS = 24 * 3600 * 1000;

export function dueState(task: Task, now = Date.now()): 'overdue' | 'due-soon' | null {
  if (task.overdue) return 'overdue';
  if (!task.dueAt) return null;
  const due = Date.parse(task.dueAt);
  if (Number.isNaN(due)) return null;
  if (due < now) return 'overdue';
  if (due - now < DUE_SOON_MS) return 'due-soon';
  return null;
}

export function byDueDate(a: Task, b: Task): number {
  const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
  const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
  return da - db || a.name.localeCompare(b.name);
}

function isMine(value: string | null | undefined): boolean {
  const me = user();
  if (!me || !value) return false;
  return [me.id, me.username, `official:${me.username}`].includes(value);
}

export async function renderInbox(root: HTMLElement, params: Record<string, string>): Promise<Cleanup> {
  const list = h('div', { class: 'list', 'data-testid': 'task-list' });
  const detail = h('div', { class: 'task-detail', 'data-testid': 'task-detail' });
  mount(root, h('h1', null, t('inbox.title')), h('div', { class: 'split' }, list, detail));
  let diagram: DiagramView | null = null;
  let tasks: Task[] = [];

  async function loadList(): Promise<void> {
    tasks = (unwrap<Task[]>(await get<unknown>('/api/tasks'), 'tasks') ?? []).slice().sort(byDueDate);
    if (!tasks.length) return mount(list, h('p', { class: 'muted', 'data-testid': 'inbox-empty' }, t('inbox.empty')));
    mount(list, tasks.map((task) => {
      const due = dueState(task);
      return h('a', { class: `list-item${task.id === params.taskId ? ' selected' : ''}`, href: `#/inbox/${encodeURIComponent(task.id)}`, 'data-testid': 'task-item', 'data-task-id': task.id, 'data-due': due ?? '' },
        h('div', { class: 'title' }, task.name || task.elementId,
          due === 'overdue' ? h('span', { class: 'tag overdue' }, t('inbox.overdue')) : null,
          due === 'due-soon' ? h('span', { class: 'tag due-soon' }, t('inbox.dueSoon')) : null),
        h('div', { class: 'muted' }, task.processKey, ' · ', task.dueAt ? `${t('inbox.due')} ${formatDateTime(task.dueAt)}` : t('inbox.noDue')));
    }));
  }

  async function showTask(task: Task): Promise<void> {
    const claimButton = !task.claimedBy
      ? h('button', { type: 'button', 'data-testid': 'task-claim', onclick: () => void act('claim') }, t('inbox.claim'))
      : isMine(task.claimedBy)
        ? h('button', { type: 'button', 'data-testid': 'task-unclaim', onclick: () => void act('unclaim') }, t('inbox.unclaim'))
        : null;
    const form = createTaskForm(task.formFields ?? [], task.variables ?? {}, t('inbox.complete'), (values) => void complete(values), { instanceId: task.instanceId });
    const diagramBox = h('div', { class: 'diagram', 'data-testid': 'task-diagram' });
    // unset values (null) say nothing to the official
    const vars = Object.entries(task.variables ?? {}).filter(([, v]) => v !== null && v !== undefined);
    mount(detail,
      h('div', { class: 'card' },
        h('h2', { 'data-testid': 'task-title' }, task.name || task.elementId),
        h('p', { class: 'muted' },
          t('inbox.instance'), ' ', h('code', null, task.instanceId), ' · ',
          task.dueAt ? `${t('inbox.due')} ${formatDateTime(task.dueAt)}` : t('inbox.noDue'),
          task.assignee ? ` · ${t('inbox.assignee', { who: task.assignee })}` : '',
          task.claimedBy ? ` · ${t('inbox.claimedBy', { who: task.claimedBy })}` : ''),
        claimButton,
        h('h2', null, t('inbox.form')),
        form.node,
        vars.length ? [h('h2', null, t('inbox.variables')), h('dl', { class: 'kv' }, vars.map(([k, v]) => [h('dt', null, k), h('dd', null, typeof v === 'string' ? v : JSON.stringify(v))]))] : null),
      meetingPanelFor(task),
      h('div', { class: 'card' }, h('h2', null, t('inbox.diagram')), diagramBox));

    async function act(action: 'claim' | 'unclaim'): Promise<void> {
      try {
        await post(`/api/tasks/${encodeURIComponent(task.id)}/${action}`);
        await refresh();
      } catch (err) {
        report(err);
      }
    }

    async function complete(values: Record<string, unknown>): Promise<void> {
      form.setBusy(true);
      try {
        await post(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { variables: values });
        toast(t('inbox.completed'), 'ok');
        location.hash = '#/inbox';
      } catch (err) {
        if (err instanceof ApiError && err.status === 422 && err.details.length) {
          form.showErrors(Object.fromEntries(err.details.map((d) => [d.field ?? d.elementId ?? '', d.message])));
        } else report(err);
      } finally {
        form.setBusy(false);
      }
    }

    // the diagram last: it needs the instance and its version's XML
    try {
      const instance = await loadInstance(task.instanceId);
      const xml = await loadVersionXml(instance.versionId);
      diagram?.destroy();
      diagram = await createDiagram(diagramBox, xml);
      const view = pathFromState(instance.state, diagram.index);
      // the task's own step is the one to look at, whatever the instance state says
      view.marks.set(task.elementId, new Set(['active']));
      diagram.show(view);
    } catch {
      mount(diagramBox, h('p', { class: 'muted' }, '—'));
    }
  }

  function report(err: unknown): void {
    if (err instanceof ApiError && err.status === 403) toast(t('inbox.notYours'), 'error');
    else if (err instanceof ApiError && err.status === 409) toast(t('inbox.alreadyCompleted'), 'error');
    else toast(err instanceof Error ? err.message : String(err), 'error');
    void refresh();
  }

  async function refresh(): Promise<void> {
    await loadList();
    const task = params.taskId ? tasks.find((x) => x.id === params.taskId) : undefined;
    if (task) await showTask(task);
    else mount(detail, h('p', { class: 'muted' }, params.taskId ? t('inbox.alreadyCompleted') : t('inbox.selectTask')));
  }

  await refresh();
  const onNotification = () => void loadList();
  window.addEventListener('gridflow:notification', onNotification);
  return () => {
    window.removeEventListener('gridflow:notification', onNotification);
    diagram?.destroy();
  };
}

/** process C's roster and meeting tools beside the tasks of the officials who run the meeting */
function meetingPanelFor(task: Task): HTMLElement | null {
  const compound = task.variables?.compoundCode;
  const meetingTasks = ['Task_roster', 'Task_publish_candidates', 'Task_ballot_box'];
  return task.processKey === 'committee-formation' && typeof compound === 'string' && meetingTasks.includes(task.elementId) ? createMeetingPanel(compound) : null;
}
