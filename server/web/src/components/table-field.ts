// The editors of the structured form fields: a table of rows with one input per column (rows can
// be added and removed; a prefilled proposal is edited in place) and an attachment field that
// uploads each chosen file to the instance and keeps the ids. Both keep their value as JSON in a
// hidden input, which the form reads like any other field.
import { ApiError, request } from '../api';
import { h, toast } from '../dom';
import { t } from '../i18n';
import type { FormField } from '../model';

export interface StructuredEditor {
  node: HTMLElement;
  /** holds JSON: the rows (cells as typed) or the attachment ids */
  value: HTMLInputElement;
}

type Row = Record<string, unknown>;

export function tableEditor(f: FormField, initial: unknown): StructuredEditor {
  const columns = f.columns ?? [];
  const rows: Row[] = Array.isArray(initial) ? initial.map((r) => ({ ...(r as Row) })) : [];
  const value = h('input', { type: 'hidden', name: f.id, id: `field-${f.id}`, 'data-field': f.id });
  const body = h('tbody');
  const sync = () => {
    value.value = JSON.stringify(rows);
  };
  const cellInput = (row: Row, c: NonNullable<FormField['columns']>[number]) => {
    const v = row[c.id];
    const input = h('input', {
      type: c.type === 'integer' || c.type === 'number' ? 'number' : c.type === 'date' ? 'date' : 'text',
      step: c.type === 'integer' ? 1 : 'any',
      min: c.min,
      max: c.max,
      value: v === undefined || v === null ? '' : String(v),
      'data-column': c.id,
      'aria-label': c.label,
    });
    input.addEventListener('input', () => {
      const text = input.value.trim();
      if (text === '') delete row[c.id];
      else if (c.type === 'integer' || c.type === 'number') row[c.id] = Number.isFinite(Number(text)) ? Number(text) : text;
      else if (c.type === 'boolean') row[c.id] = text === 'true' || text === '是';
      else row[c.id] = input.value;
      sync();
    });
    return input;
  };
  const render = () => {
    body.replaceChildren(
      ...rows.map((row, i) =>
        h('tr', { 'data-row': i + 1 },
          columns.map((c) => h('td', null, cellInput(row, c))),
          h('td', null, h('button', { type: 'button', class: 'link', 'data-testid': `${f.id}-remove-row`, onclick: () => { rows.splice(i, 1); sync(); render(); } }, t('form.removeRow'))))),
    );
    sync();
  };
  const node = h('div', { class: 'table-field', 'data-testid': `table-${f.id}` },
    h('table', null,
      h('thead', null, h('tr', null, columns.map((c) => h('th', null, c.label || c.id, c.required ? ' *' : '')), h('th'))),
      body),
    h('button', { type: 'button', 'data-testid': `${f.id}-add-row`, onclick: () => { rows.push({}); render(); } }, t('form.addRow')),
    value);
  render();
  return { node, value };
}

export function attachmentEditor(f: FormField, instanceId: string | undefined): StructuredEditor {
  const ids: string[] = [];
  const value = h('input', { type: 'hidden', name: f.id, id: `field-${f.id}`, 'data-field': f.id, value: '[]' });
  const list = h('ul', { class: 'attachment-list' });
  const picker = h('input', { type: 'file', accept: 'application/pdf,image/jpeg,image/png', multiple: true, 'data-testid': `${f.id}-file`, disabled: !instanceId });
  picker.addEventListener('change', () => {
    void (async () => {
      for (const file of Array.from(picker.files ?? [])) {
        try {
          const res = await request<{ attachment: { id: string; fileName: string } }>(
            'POST',
            `/api/instances/${encodeURIComponent(instanceId!)}/attachments?name=${encodeURIComponent(file.name)}`,
            { raw: { body: file, contentType: 'application/octet-stream' } },
          );
          ids.push(res.attachment.id);
          value.value = JSON.stringify(ids);
          list.append(h('li', null, res.attachment.fileName));
        } catch (err) {
          toast(err instanceof ApiError ? `${file.name}: ${err.message}` : String(err), 'error');
        }
      }
      picker.value = '';
    })();
  });
  return { node: h('div', { class: 'attachment-field', 'data-testid': `attachments-${f.id}` }, picker, h('span', { class: 'muted' }, t('form.attachmentHint')), list, value), value };
}
