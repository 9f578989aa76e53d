// The structured form values: a table field (rows of typed columns, checked row by row so the
// official hears "row 2, column days" at submission rather than an incident later) and an
// attachment field (ids of files uploaded to the instance; the server checks they exist).
import type { FormColumn, FormField } from '../../bpmn/graph';

const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function cellProblem(c: FormColumn, v: unknown): string | undefined {
  switch (c.type) {
    case 'string':
      return typeof v === 'string' ? undefined : 'must be text';
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
      if (c.type === 'integer' && !Number.isInteger(v)) return 'must be a whole number';
      if (c.min !== undefined && v < c.min) return `must be at least ${c.min}`;
      if (c.max !== undefined && v > c.max) return `must be at most ${c.max}`;
      return undefined;
    }
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? undefined : 'must be a date (YYYY-MM-DD)';
  }
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Problems with a table field's value (already known not to be empty), each naming row (from 1) and column. */
export function tableViolations(f: FormField, name: string, value: unknown): string[] {
  if (!Array.isArray(value)) return [`${name} must be a list of rows`];
  const problems: string[] = [];
  if (f.minRows !== undefined && value.length < f.minRows) problems.push(`${name} needs at least ${f.minRows} row(s), got ${value.length}`);
  const columns = f.columns ?? [];
  value.forEach((row, i) => {
    const at = `${name} row ${i + 1}`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      problems.push(`${at} must be an object of columns`);
      return;
    }
    const cells = row as Record<string, unknown>;
    for (const key of Object.keys(cells)) {
      if (!columns.some((c) => c.id === key)) problems.push(`${at} has no column "${key}"`);
    }
    for (const c of columns) {
      const v = cells[c.id];
      if (blank(v)) {
        if (c.required) problems.push(`${at} column "${c.id}" (${c.label}) is required`);
        continue;
      }
      const p = cellProblem(c, v);
      if (p) problems.push(`${at} column "${c.id}" (${c.label}) ${p}`);
    }
  });
  return problems;
}

export function attachmentViolations(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || !ATTACHMENT_ID.test(id))) {
    return [`${name} must be a list of attachment ids (upload the files to the instance first)`];
  }
  return [];
}
