// Reading the gov: extension elements (syntax: bpmn/README.md; descriptor: gov.json) into graph types.
import type { ModdleElement } from 'bpmn-moddle';
import { readFeel, readFeelOrLiteral, readTime, readVariableName } from './feel-fields';
import type { EscalationLevel, Feel, FormColumn, FormField, MultiInstance, StartVariable, VariableMapping } from './graph';
import gov from './gov.json';
import type { ProblemList } from './problems';
import { readRights, readUnitKinds } from './start-rights';

/** Org unit kinds an escalation level may name without recipients ("level:<kind>:secretary"). */
export const UNIT_KINDS = ['city', 'district', 'street', 'community', 'grid', 'compound', 'agency', 'department'] as const;

export function extensionValues(el: ModdleElement | undefined, type: string): ModdleElement[] {
  const ext = el?.extensionElements as { values?: ModdleElement[] } | undefined;
  return (ext?.values ?? []).filter((v) => v.$type === type);
}

function str(el: ModdleElement, name: string): string | undefined {
  const v = el[name];
  return typeof v === 'string' ? v : undefined;
}

/** gov:input / gov:output: target variable ← FEEL source (a source without '=' is a literal string). */
export function readMappings(problems: ProblemList, elementId: string, el: ModdleElement, type: 'gov:Input' | 'gov:Output'): VariableMapping[] {
  const tag = type === 'gov:Input' ? 'gov:input' : 'gov:output';
  const mappings: VariableMapping[] = [];
  for (const m of extensionValues(el, type)) {
    const target = readVariableName(problems, elementId, `${tag} target`, str(m, 'target'));
    if (str(m, 'target') === undefined) problems.add(elementId, `${tag} needs a target variable`);
    const rawSource = str(m, 'source');
    if (rawSource === undefined) problems.add(elementId, `${tag} ${target ?? ''} needs a source`.replace('  ', ' '));
    const source = readFeelOrLiteral(problems, elementId, `${tag} ${target ?? ''} source`, rawSource, 'string');
    if (target !== undefined && mappings.some((m) => m.target === target)) problems.add(elementId, `${tag} target "${target}" appears twice`);
    else if (target !== undefined && source !== undefined) mappings.push({ target, source });
  }
  return mappings;
}

const FIELD_TYPES = ['string', 'text', 'number', 'boolean', 'enum', 'date', 'official', 'unit', 'table', 'attachment'] as const;
const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'date'] as const;

export function readFormFields(problems: ProblemList, elementId: string, el: ModdleElement): FormField[] {
  const forms = extensionValues(el, 'gov:Form');
  if (forms.length > 1) problems.add(elementId, 'more than one gov:form');
  const fields: FormField[] = [];
  const seen = new Set<string>();
  for (const f of (forms[0]?.fields as ModdleElement[] | undefined) ?? []) {
    const id = readVariableName(problems, elementId, 'gov:field id', str(f, 'id'));
    if (str(f, 'id') === undefined) problems.add(elementId, 'gov:field needs an id');
    if (id === undefined) continue;
    if (seen.has(id)) problems.add(elementId, `gov:field "${id}" appears twice`);
    seen.add(id);
    const type = str(f, 'type') ?? 'string';
    if (!(FIELD_TYPES as readonly string[]).includes(type)) {
      problems.add(elementId, `gov:field "${id}" has type "${type}"; use one of ${FIELD_TYPES.join(', ')}`);
      continue;
    }
    const field: FormField = { id, label: str(f, 'label') ?? id, type: type as FormField['type'], required: f.required === true };
    const options = ((f.options as ModdleElement[] | undefined) ?? []).map((o) => ({ value: str(o, 'value') ?? '', label: str(o, 'label') ?? str(o, 'value') ?? '' }));
    if (type === 'enum') {
      if (options.length === 0) problems.add(elementId, `gov:field "${id}" is an enum without gov:option`);
      if (options.some((o) => o.value === '')) problems.add(elementId, `gov:field "${id}" has a gov:option without a value`);
      field.options = options;
    } else if (options.length > 0) {
      problems.add(elementId, `gov:field "${id}" has gov:option but is not an enum`);
    }
    for (const bound of ['min', 'max'] as const) {
      const v = f[bound];
      if (v === undefined) continue;
      if (type !== 'number') problems.add(elementId, `gov:field "${id}" has ${bound} but is not a number`);
      else if (typeof v !== 'number' || !Number.isFinite(v)) problems.add(elementId, `gov:field "${id}" ${bound} is not a number`);
      else field[bound] = v;
    }
    const unitKinds = readFieldUnitKinds(problems, elementId, id, type, str(f, 'unitKinds'));
    if (unitKinds) field.unitKinds = unitKinds;
    readTableParts(problems, elementId, id, type, f, field);
    readFieldRules(problems, elementId, id, f, field);
    fields.push(field);
  }
  for (const field of fields) {
    if (field.requiredWhen && !fields.some((o) => o.id === field.requiredWhen!.field)) {
      problems.add(elementId, `gov:field "${field.id}" requiredWhen names "${field.requiredWhen.field}", which is not a field of this form`);
    }
  }
  return fields;
}

/** gov:field unitKinds="street, community": only on a unit field, each an org unit kind. */
function readFieldUnitKinds(problems: ProblemList, elementId: string, fieldId: string, type: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  if (type !== 'unit') {
    problems.add(elementId, `gov:field "${fieldId}" has unitKinds but is not a unit field`);
    return undefined;
  }
  const kinds = raw.split(',').map((k) => k.trim()).filter((k) => k !== '');
  const unknown = kinds.filter((k) => !(UNIT_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0 || unknown.length > 0) {
    problems.add(elementId, `gov:field "${fieldId}" unitKinds "${raw}" must list org unit kinds (${UNIT_KINDS.join(', ')})`);
    return undefined;
  }
  return kinds;
}

/** gov:column children and minRows: only a table has them, and a table needs at least one column. */
function readTableParts(problems: ProblemList, elementId: string, id: string, type: string, f: ModdleElement, field: FormField): void {
  const columns = (f.columns as ModdleElement[] | undefined) ?? [];
  if (type !== 'table') {
    if (columns.length > 0) problems.add(elementId, `gov:field "${id}" has gov:column but is not a table`);
    if (f.minRows !== undefined) problems.add(elementId, `gov:field "${id}" has minRows but is not a table`);
    return;
  }
  if (columns.length === 0) problems.add(elementId, `gov:field "${id}" is a table without gov:column`);
  const read: FormColumn[] = [];
  for (const c of columns) {
    const cid = str(c, 'id');
    if (!cid || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(cid)) {
      problems.add(elementId, `gov:field "${id}" has a gov:column without a valid id`);
      continue;
    }
    if (read.some((r) => r.id === cid)) problems.add(elementId, `gov:field "${id}" column "${cid}" appears twice`);
    const ctype = str(c, 'type') ?? 'string';
    if (!(COLUMN_TYPES as readonly string[]).includes(ctype)) {
      problems.add(elementId, `gov:field "${id}" column "${cid}" has type "${ctype}"; use one of ${COLUMN_TYPES.join(', ')}`);
      continue;
    }
    const column: FormColumn = { id: cid, label: str(c, 'label') ?? cid, type: ctype as FormColumn['type'], required: c.required === true };
    for (const bound of ['min', 'max'] as const) {
      const v = c[bound];
      if (v === undefined) continue;
      if (ctype !== 'number' && ctype !== 'integer') problems.add(elementId, `gov:field "${id}" column "${cid}" has ${bound} but is not a number`);
      else if (typeof v === 'number' && Number.isFinite(v)) column[bound] = v;
    }
    read.push(column);
  }
  field.columns = read;
  if (f.minRows !== undefined) {
    if (typeof f.minRows !== 'number' || !Number.isSafeInteger(f.minRows) || f.minRows < 1) problems.add(elementId, `gov:field "${id}" minRows must be a whole number ≥ 1`);
    else field.minRows = f.minRows;
  }
}

/** requiredWhen="otherField=value" and prefill="processVariable". */
function readFieldRules(problems: ProblemList, elementId: string, id: string, f: ModdleElement, field: FormField): void {
  const when = str(f, 'requiredWhen');
  if (when !== undefined) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(when);
    if (!m) problems.add(elementId, `gov:field "${id}" requiredWhen must read otherField=value, got "${when}"`);
    else field.requiredWhen = { field: m[1]!, value: m[2]! };
  }
  const prefill = str(f, 'prefill');
  if (prefill !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefill)) problems.add(elementId, `gov:field "${id}" prefill must name a process variable, got "${prefill}"`);
    else field.prefill = prefill;
  }
}

export function readEscalation(problems: ProblemList, elementId: string, el: ModdleElement): EscalationLevel[] | undefined {
  const chains = extensionValues(el, 'gov:Escalation');
  if (chains.length === 0) return undefined;
  if (chains.length > 1) problems.add(elementId, 'more than one gov:escalation');
  const levels: EscalationLevel[] = [];
  for (const l of (chains[0].levels as ModdleElement[] | undefined) ?? []) {
    const name = str(l, 'name')?.trim();
    if (!name) {
      problems.add(elementId, 'gov:level needs a name');
      continue;
    }
    if (!/^[\p{L}\p{N}_-]+$/u.test(name)) {
      problems.add(elementId, `escalation level "${name}" must be a single word (letters, digits, - and _)`);
      continue;
    }
    if (str(l, 'after') === undefined) problems.add(elementId, `escalation level "${name}" needs after (an ISO duration past the previous step, e.g. PT0S or P2D)`);
    const after = readTime(problems, elementId, `escalation level "${name}" after`, str(l, 'after'), 'duration');
    const recipients = readFeelOrLiteral(problems, elementId, `escalation level "${name}" recipients`, str(l, 'recipients'), 'list');
    if (str(l, 'recipients') === undefined && !(UNIT_KINDS as readonly string[]).includes(name)) {
      problems.add(elementId, `escalation level "${name}" is not an org unit kind (${UNIT_KINDS.join(', ')}): give it recipients`);
    }
    if (after === undefined) continue;
    const level: EscalationLevel = { level: name, after };
    if (recipients !== undefined) level.recipients = recipients;
    levels.push(level);
  }
  if (levels.length === 0 && ((chains[0].levels as unknown[] | undefined) ?? []).length === 0) {
    problems.add(elementId, 'gov:escalation has no gov:level');
  }
  return levels;
}

/** multiInstanceLoopCharacteristics + gov:loop (+ completionCondition). */
export function readMultiInstance(problems: ProblemList, elementId: string, loop: ModdleElement): MultiInstance | undefined {
  const govLoops = extensionValues(loop, 'gov:Loop');
  const g = govLoops[0];
  const rawCollection = g ? str(g, 'inputCollection') : undefined;
  if (rawCollection === undefined || rawCollection.trim() === '') {
    problems.add(elementId, 'multi-instance needs gov:loop inputCollection (FEEL yielding a list)');
    return undefined;
  }
  // the collection is always an expression: a literal string would be a one-character-per-item surprise
  const inputCollection = readFeel(problems, elementId, 'gov:loop inputCollection', rawCollection);
  const inputElement = readVariableName(problems, elementId, 'gov:loop inputElement', str(g, 'inputElement'));
  if (str(g, 'inputElement') === undefined) problems.add(elementId, 'multi-instance needs gov:loop inputElement (the variable each instance sees its item under)');
  const outputCollection = readVariableName(problems, elementId, 'gov:loop outputCollection', str(g, 'outputCollection'));
  const outputElement = readFeel(problems, elementId, 'gov:loop outputElement', str(g, 'outputElement'));
  if ((str(g, 'outputCollection') === undefined) !== (str(g, 'outputElement') === undefined)) {
    problems.add(elementId, 'gov:loop outputCollection and outputElement go together');
  }
  const condition = loop.completionCondition as ModdleElement | undefined;
  const completionCondition = readFeel(problems, elementId, 'completionCondition', condition?.body);
  if (inputCollection === undefined || inputElement === undefined) return undefined;
  const mi: MultiInstance = { sequential: loop.isSequential === true, inputCollection, inputElement };
  if (outputCollection !== undefined && outputElement !== undefined) {
    mi.outputCollection = outputCollection;
    mi.outputElement = outputElement;
  }
  if (completionCondition !== undefined) mi.completionCondition = completionCondition;
  return mi;
}

const VARIABLE_TYPES = ['string', 'number', 'boolean', 'list', 'context', 'date'] as const;

export function readStartVariables(problems: ProblemList, process: ModdleElement): StartVariable[] {
  const processId = process.id ?? null;
  const vars: StartVariable[] = [];
  const seen = new Set<string>();
  for (const v of extensionValues(process, 'gov:StartVariable')) {
    const name = readVariableName(problems, processId ?? '', 'gov:startVariable name', str(v, 'name'));
    if (str(v, 'name') === undefined) problems.add(processId, 'gov:startVariable needs a name');
    if (name === undefined) continue;
    if (seen.has(name)) problems.add(processId, `gov:startVariable "${name}" appears twice`);
    seen.add(name);
    const type = str(v, 'type') ?? 'string';
    if (!(VARIABLE_TYPES as readonly string[]).includes(type)) {
      problems.add(processId, `gov:startVariable "${name}" has type "${type}"; use one of ${VARIABLE_TYPES.join(', ')}`);
      continue;
    }
    const sv: StartVariable = { name, type: type as StartVariable['type'], required: v.required === true };
    const description = str(v, 'description');
    if (description) sv.description = description;
    const unitKinds = readUnitKinds(problems, processId, name, str(v, 'unitKind'));
    if (unitKinds !== undefined) {
      if (sv.type !== 'string' && sv.type !== 'list') problems.add(processId, `gov:startVariable "${name}" has a unitKind but is a ${sv.type}: unit codes are a string or a list`);
      sv.unitKinds = unitKinds;
    }
    const unitScope = str(v, 'unitScope');
    if (unitScope !== undefined) {
      if (unitScope !== 'starter' && unitScope !== 'org') problems.add(processId, `gov:startVariable "${name}" unitScope "${unitScope}": use starter or org`);
      else if (unitKinds === undefined) problems.add(processId, `gov:startVariable "${name}" has a unitScope but no unitKind`);
      else sv.unitScope = unitScope;
    }
    const setBy = readRights(problems, processId, `gov:startVariable "${name}" setBy`, str(v, 'setBy'));
    if (setBy !== undefined) sv.setBy = setBy;
    vars.push(sv);
  }
  return vars;
}

/** gov:subscription correlationKey on a bpmn:message. */
export function readCorrelationKey(problems: ProblemList, elementId: string, message: ModdleElement): Feel | undefined {
  const sub = extensionValues(message, 'gov:Subscription')[0];
  if (!sub) return undefined;
  return readFeelOrLiteral(problems, elementId, `message "${String(message.name ?? message.id)}" correlationKey`, str(sub, 'correlationKey'), 'string');
}

/** gov:subscription variables on a bpmn:message, as written. */
export function messageVariablesOf(message: ModdleElement): string | undefined {
  const sub = extensionValues(message, 'gov:Subscription')[0];
  return sub ? str(sub, 'variables') : undefined;
}

/** gov.json's allowedIn, by type: 'gov:Loop' → ['bpmn:MultiInstanceLoopCharacteristics'] */
const ALLOWED_IN: ReadonlyMap<string, readonly string[]> = new Map(
  gov.types.flatMap((t) => ('meta' in t && t.meta ? [[`gov:${t.name}`, t.meta.allowedIn] as const] : [])),
);

/** "bpmn:MultiInstanceLoopCharacteristics" → "bpmn:multiInstanceLoopCharacteristics", as written in XML */
function xmlName(type: string): string {
  const [prefix, local] = type.split(':');
  return `${prefix}:${local.charAt(0).toLowerCase()}${local.slice(1)}`;
}

/**
 * A gov: extension element where it does nothing (gov:loop on a task instead of its multi-instance
 * marker, gov:form on a service task) would be silently ignored: report it instead.
 */
export function checkGovPlacement(problems: ProblemList, elementId: string, el: ModdleElement): void {
  const values = (el.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? [];
  for (const v of values) {
    const allowed = ALLOWED_IN.get(v.$type);
    if (!allowed || allowed.includes(el.$type)) continue;
    problems.add(elementId, `${xmlName(v.$type)} does nothing in ${xmlName(el.$type)}; it belongs in ${allowed.map(xmlName).join(' or ')}`);
  }
}
