// A task's form, rendered from its gov:form fields. Validates on submit (client side) and shows
// the server's 422 errors next to the field they name.
import { h } from '../dom';
import { t } from '../i18n';
import { checkForm } from '../forms/validate';
import type { FormField } from '../model';
import { attachmentEditor, tableEditor } from './table-field';

export interface TaskForm {
  node: HTMLFormElement;
  showErrors(errors: Record<string, string>): void;
  setBusy(busy: boolean): void;
}

type Input = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function inputFor(f: FormField, value: unknown): Input {
  const common = { name: f.id, id: `field-${f.id}`, 'data-field': f.id, required: f.required };
  const initial = value === undefined || value === null ? '' : String(value);
  switch (f.type) {
    case 'text':
      return h('textarea', { ...common, value: initial });
    case 'number':
      return h('input', { ...common, type: 'number', step: 'any', min: f.min, max: f.max, value: initial });
    case 'date':
      return h('input', { ...common, type: 'date', value: initial });
    case 'boolean':
      return h('select', common,
        h('option', { value: '' }, t('form.choose')),
        h('option', { value: 'true', selected: initial === 'true' }, t('form.yes')),
        h('option', { value: 'false', selected: initial === 'false' }, t('form.no')));
    case 'enum':
      return h('select', common,
        h('option', { value: '' }, t('form.choose')),
        (f.options ?? []).map((o) => h('option', { value: o.value, selected: initial === o.value }, o.label || o.value)));
    // checked against the org by the server on submit; its 422 lands next to the field
    case 'official':
      return h('input', { ...common, type: 'text', value: initial, autocomplete: 'off', placeholder: t('form.officialHint') });
    case 'unit':
      return h('input', { ...common, type: 'text', value: initial, autocomplete: 'off', placeholder: t('form.unitHint', { kinds: (f.unitKinds ?? []).join(', ') || '—' }) });
    default:
      return h('input', { ...common, type: 'text', value: initial });
  }
}

/** `context.instanceId`: where attachment fields upload their files */
export function createTaskForm(fields: FormField[], initial: Record<string, unknown>, submitLabel: string, onSubmit: (values: Record<string, unknown>) => void, context: { instanceId?: string } = {}): TaskForm {
  const inputs = new Map<string, Input>();
  const errorNodes = new Map<string, HTMLElement>();
  const summary = h('p', { class: 'error', hidden: true, role: 'alert', 'data-testid': 'form-error' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'task-complete' }, submitLabel);

  const rows = fields.map((f) => {
    // a field may start from a process variable, e.g. the engine's proposal the official edits
    const start = initial[f.id] ?? (f.prefill ? initial[f.prefill] : undefined);
    const err = h('span', { class: 'field-error', 'data-error-for': f.id });
    errorNodes.set(f.id, err);
    const title = h('span', null, f.label || f.id, f.required ? ' *' : '');
    if (f.type === 'table' || f.type === 'attachment') {
      const editor = f.type === 'table' ? tableEditor(f, start) : attachmentEditor(f, context.instanceId);
      inputs.set(f.id, editor.value);
      return h('div', { class: 'field' }, title, editor.node, err);
    }
    const input = inputFor(f, start);
    inputs.set(f.id, input);
    return h('label', { for: `field-${f.id}` }, title, input, err);
  });

  function showErrors(errors: Record<string, string>): void {
    for (const [id, node] of errorNodes) {
      node.textContent = errors[id] ?? '';
      inputs.get(id)?.classList.toggle('invalid', Boolean(errors[id]));
    }
    const unplaced = Object.entries(errors).filter(([id]) => !errorNodes.has(id)).map(([, m]) => m);
    summary.hidden = Object.keys(errors).length === 0;
    summary.textContent = unplaced.length ? unplaced.join(';') : t('form.fixErrors');
  }

  const node = h('form', { class: 'task-form', novalidate: true, 'data-testid': 'task-form', onsubmit: (ev: Event) => {
    ev.preventDefault();
    const raw: Record<string, string> = {};
    for (const [id, input] of inputs) raw[id] = input.value;
    const { values, errors } = checkForm(fields, raw);
    const messages = Object.fromEntries(Object.entries(errors).map(([id, e]) => [id, t(e.key, e.params)]));
    showErrors(messages);
    if (Object.keys(messages).length === 0) onSubmit(values);
  } }, rows, summary, h('div', { class: 'actions' }, submit));

  return { node, showErrors, setBusy: (busy) => { submit.disabled = busy; } };
}
