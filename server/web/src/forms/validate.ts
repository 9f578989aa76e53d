// Client-side check of a task form against its gov:form fields, mirroring what the server
// enforces, so officials see mistakes before submitting. Returns typed values and per-field errors.
import type { FormField } from '../model';
import type { MessageKey } from '../i18n/zh';

export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export interface FormCheck {
  values: Record<string, unknown>;
  errors: Record<string, FieldError>;
}

/** raw: what the inputs hold (strings; '' when empty). */
export function checkForm(fields: FormField[], raw: Record<string, string>): FormCheck {
  const values: Record<string, unknown> = {};
  const errors: Record<string, FieldError> = {};
  for (const f of fields) {
    const text = (raw[f.id] ?? '').trim();
    if (text === '' || ((f.type === 'table' || f.type === 'attachment') && text === '[]')) {
      const required = f.required || (f.requiredWhen !== undefined && (raw[f.requiredWhen.field] ?? '').trim() === f.requiredWhen.value);
      if (required) errors[f.id] = { key: 'form.required' };
      continue;
    }
    switch (f.type) {
      case 'number': {
        const n = Number(text);
        if (!Number.isFinite(n)) errors[f.id] = { key: 'form.number' };
        else if (f.min !== undefined && f.min !== null && n < f.min) errors[f.id] = { key: 'form.min', params: { min: f.min } };
        else if (f.max !== undefined && f.max !== null && n > f.max) errors[f.id] = { key: 'form.max', params: { max: f.max } };
        else values[f.id] = n;
        break;
      }
      case 'boolean':
        values[f.id] = text === 'true';
        break;
      case 'enum':
        if (f.options && !f.options.some((o) => o.value === text)) errors[f.id] = { key: 'form.choose' };
        else values[f.id] = text;
        break;
      case 'date':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) errors[f.id] = { key: 'form.date' };
        else values[f.id] = text;
        break;
      case 'table': {
        const rows = JSON.parse(text) as Record<string, unknown>[];
        if (f.minRows !== undefined && rows.length < f.minRows) errors[f.id] = { key: 'form.minRows', params: { min: f.minRows } };
        const missing = rows.findIndex((r) => (f.columns ?? []).some((c) => c.required && (r[c.id] === undefined || r[c.id] === '')));
        const notNumber = rows.findIndex((r) => (f.columns ?? []).some((c) => (c.type === 'integer' || c.type === 'number') && r[c.id] !== undefined && typeof r[c.id] !== 'number'));
        if (missing >= 0) errors[f.id] = { key: 'form.rowRequired', params: { row: missing + 1 } };
        else if (notNumber >= 0) errors[f.id] = { key: 'form.rowNumber', params: { row: notNumber + 1 } };
        values[f.id] = rows;
        break;
      }
      case 'attachment':
        values[f.id] = JSON.parse(text) as string[];
        break;
      default:
        values[f.id] = raw[f.id];
    }
  }
  return { values, errors };
}
