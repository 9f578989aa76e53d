// Task completion variables checked against the task's form, so a bad submission is refused
// (with the field named) before it ever enters history.
import type { FormField } from '../../bpmn/graph';
import { attachmentViolations, tableViolations } from './form-tables';
import type { Vars } from './types';

function isEmpty(f: FormField, v: unknown): boolean {
  if (Array.isArray(v)) return (f.type === 'table' || f.type === 'attachment') && v.length === 0;
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** required, or required because the field named in requiredWhen has that value in this submission */
function isRequired(f: FormField, variables: Vars): boolean {
  return f.required || (f.requiredWhen !== undefined && variables[f.requiredWhen.field] === f.requiredWhen.value);
}

/** Problems with `variables` as a submission of `fields`; empty when valid. */
export function formViolations(fields: FormField[], variables: Vars): string[] {
  const problems: string[] = [];
  for (const f of fields) {
    const v = variables[f.id];
    const name = `field "${f.id}" (${f.label})`;
    if (isEmpty(f, v)) {
      if (isRequired(f, variables)) problems.push(`${name} is required${f.requiredWhen && !f.required ? ` when ${f.requiredWhen.field} is ${f.requiredWhen.value}` : ''}`);
      continue;
    }
    switch (f.type) {
      case 'string':
      case 'text':
        if (typeof v !== 'string') problems.push(`${name} must be text`);
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${name} must be a number`);
        else {
          if (f.min !== undefined && v < f.min) problems.push(`${name} must be at least ${f.min}`);
          if (f.max !== undefined && v > f.max) problems.push(`${name} must be at most ${f.max}`);
        }
        break;
      case 'boolean':
        if (typeof v !== 'boolean') problems.push(`${name} must be true or false`);
        break;
      case 'enum': {
        const allowed = (f.options ?? []).map((o) => o.value);
        if (typeof v !== 'string' || !allowed.includes(v)) problems.push(`${name} must be one of ${allowed.join(', ')}`);
        break;
      }
      case 'official':
      case 'unit':
        // whether it names someone / a unit is the server's check against the org (server/access/org-fields.ts)
        if (typeof v !== 'string') problems.push(`${name} must be ${f.type === 'official' ? "an official's username" : 'a unit code'}`);
        break;
      case 'date':
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(Date.parse(v))) {
          problems.push(`${name} must be a date (YYYY-MM-DD)`);
        }
        break;
      case 'table':
        problems.push(...tableViolations(f, name, v));
        break;
      case 'attachment':
        problems.push(...attachmentViolations(name, v));
        break;
    }
  }
  return problems;
}
